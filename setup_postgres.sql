-- Provisions the BAI target: the role bai_user and the database bai_db it owns.
-- Spec: shared/spec/target-schema.md ("Roles"). Replaces the seed's backend/setup_postgres.sql, which wrote
-- the password into the file and granted far more than the tools need.
--
-- Run it as a superuser on a real server:
--
--     psql -h HOST -U postgres -d postgres -v bai_password="$BAI_PASSWORD" -f setup_postgres.sql
--
-- or, to keep the password out of the process list as well (psql 15+ reads it from the environment):
--
--     BAI_PASSWORD=... psql -h HOST -U postgres -d postgres -f setup_postgres.sql
--
-- A role with CREATEROLE and CREATEDB that is no superuser (a managed service's admin) may run it too, without a
-- password: such a role cannot keep a statement's text out of the server's log (log_statement, or an error), so
-- the script does not send the password and says to set it with psql's \password bai_user, which sends only its hash.
-- On PostgreSQL 16 and later such a role may alter a bai_user that exists already only with ADMIN OPTION on it
-- (given to the role that created it): otherwise the script stops there, and a superuser must run it.
--
-- The password never lives in this file. The script is idempotent: running it again creates nothing twice,
-- puts bai_user's attributes back to least privilege and sets the password given (a rotation).
-- Bai's embedded PostgreSQL runs this same file through psql, with the password on standard input.

\set ON_ERROR_STOP on
\set QUIET on

SELECT rolsuper AS bai_setup_is_superuser FROM pg_roles WHERE rolname = current_user \gset
\if :bai_setup_is_superuser
  -- A failing statement below would be written to the server log with its text, password included, and so would
  -- every statement on a server with log_statement, log_min_duration_statement or sampling set, auto_explain
  -- would log the query that checks it, and pg_stat_statements would keep it: keep the text out of all of them for
  -- this session.
  SET log_min_error_statement = panic;
  SET log_statement = none;
  SET log_min_duration_statement = -1;
  SET log_min_duration_sample = -1;
  SET log_transaction_sample_rate = 0;
  SET auto_explain.log_min_duration = -1;
  SET pg_stat_statements.track_utility = off;
  \if :{?bai_password}
  \else
    \getenv bai_password BAI_PASSWORD
  \endif
  \if :{?bai_password}
  \else
    \warn 'setup_postgres.sql needs the password: psql -v bai_password=... or the BAI_PASSWORD environment variable.'
    SELECT 1 / 0 AS bai_password_missing;
  \endif
  -- An empty BAI_PASSWORD (a variable set but not filled) would clear the password, and the tools could not log in.
  SELECT :'bai_password' = '' AS bai_password_empty \gset
  \if :bai_password_empty
    \warn 'setup_postgres.sql was given an empty password: fill BAI_PASSWORD (or -v bai_password=...).'
    SELECT 1 / 0 AS bai_password_empty;
  \endif
\endif

-- The role: it logs in and owns its database, and nothing else (no superuser, no CREATEDB, no CREATEROLE,
-- no replication, no bypassing row security).
SELECT 'CREATE ROLE bai_user LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bai_user') \gexec
\if :bai_setup_is_superuser
  ALTER ROLE bai_user WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT
      PASSWORD :'bai_password';
\else
  -- Only a superuser may name SUPERUSER, REPLICATION or BYPASSRLS, even to take them away: checked instead.
  ALTER ROLE bai_user WITH LOGIN NOCREATEDB NOCREATEROLE INHERIT;
  SELECT rolsuper OR rolreplication OR rolbypassrls AS bai_user_privileged FROM pg_roles WHERE rolname = 'bai_user' \gset
  \if :bai_user_privileged
    \warn 'bai_user is a superuser or has REPLICATION or BYPASSRLS, which only a superuser may take away: run setup_postgres.sql as a superuser.'
    SELECT 1 / 0 AS bai_user_privileged;
  \endif
  -- The database's owner must be a role this one may act as (PostgreSQL 15 does not make a role's creator one).
  SELECT 'GRANT bai_user TO ' || quote_ident(current_user)
  WHERE NOT pg_has_role(current_user, 'bai_user', 'USAGE') \gexec
\endif

-- The database, owned by bai_user: as owner it creates the tables, sequences and indexes it migrates into
-- and may drop them on a rerun, with no grant on anyone else's objects.
SELECT 'CREATE DATABASE bai_db OWNER bai_user ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'bai_db') \gexec
ALTER DATABASE bai_db OWNER TO bai_user;

-- PUBLIC gets CONNECT and TEMPORARY on every new database by default; bai_db is for bai_user only (and for
-- roles a DBA grants explicitly, e.g. a read-only reporting role).
REVOKE ALL ON DATABASE bai_db FROM PUBLIC;

\connect bai_db
\set QUIET on
\if :bai_setup_is_superuser
  SET log_min_error_statement = panic;
\endif

-- Before PostgreSQL 15 every role could create objects in the public schema; remove that (a no-op on 15+,
-- where the schema belongs to pg_database_owner, i.e. bai_user) and give bai_user what it needs there.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO bai_user;

\if :bai_setup_is_superuser
\else
  \warn 'bai_user and bai_db are provisioned, but not bai_user''s password (run as a role that is no superuser, which cannot keep it out of the server''s log): set it with psql''s \\password bai_user, which sends only its hash.'
\endif
