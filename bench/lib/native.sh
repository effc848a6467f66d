#!/usr/bin/env bash
# The "native" contender of issue 7, the practical limit of the machine: `sqlite3 -csv` piped into `psql \copy`,
# two tables at a time, into plain tables typed after the legacy schema; then the primary keys of the tables.
# Usage: native.sh SQLITE_FILE PART [PLAN]   (PART: schema | copy | keys | target-plan | target-copy PLAN);
# connection from PGHOST/PGPORT/PGUSER/PGDATABASE.
#
# target-plan and target-copy are the "native-target" contender: the same pipeline into the schema the migrator
# builds (target-schema.md), to show what that schema costs by itself. target-plan, run against a migrated
# database, prints per table the SELECT list that feeds its columns in order, each X_account_id looked up in SQL
# from the referenced row; target-copy runs those SELECTs into a database holding the migrator's tables (run.sh
# restores them, and afterwards their keys, indexes and foreign keys, with pg_dump's pre-data and post-data).
# Nothing of data-rules.md is applied: values go in as sqlite3 prints them, which the generated files allow.
set -euo pipefail
file=$1 part=$2 plan=${3:-}

tables() {
  sqlite3 "$file" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'"
}

# The legacy column types as PostgreSQL types: INTEGER bigint, DATETIME timestamp, VARCHAR unbounded, NUMERIC as declared.
ddl() {
  local table
  for table in $(tables); do
    echo "CREATE TABLE \"$table\" ("
    sqlite3 -separator '|' "$file" "SELECT name, upper(type), \"notnull\" FROM pragma_table_info('$table') ORDER BY cid" |
      awk -F'|' '{
        t = $2; gsub(/ /, "", t)
        if (t == "INTEGER") t = "bigint"; else if (t == "DATETIME") t = "timestamp"; else if (t == "DATE") t = "date";
        else if (t == "BOOLEAN") t = "boolean"; else if (t == "TEXT" || t == "") t = "text";
        else if (t ~ /^VARCHAR/) t = "varchar";  # no length check: files hold account ids longer than the legacy VARCHAR(50)
        printf "%s  \"%s\" %s%s\n", (NR > 1 ? "," : ""), $1, tolower(t), ($3 == 1 ? " NOT NULL" : "")
      }'
    echo ");"
  done
}

copy_table() {
  sqlite3 -csv "$file" "SELECT * FROM \"$1\"" | psql -X -q -v ON_ERROR_STOP=1 -c "\\copy \"$1\" FROM STDIN (FORMAT csv)"
}

# Per target table, tab-separated: its name and the SQLite SELECT list of its columns in order. A column that a
# composite foreign key leads with (X_account_id) is the referenced row's account_id, looked up by its id (X).
target_plan() {
  psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 <<'SQL'
SELECT c.relname, string_agg(CASE
    WHEN f.parent IS NOT NULL THEN format('(SELECT p.account_id FROM %I p WHERE p.id = t.%I)', f.parent, f.id_column)
    ELSE format('t.%I', a.attname) END, ', ' ORDER BY a.attnum)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN LATERAL (
  SELECT k.confrelid::regclass::text AS parent, i.attname AS id_column
  FROM pg_constraint k JOIN pg_attribute i ON i.attrelid = k.conrelid AND i.attnum = k.conkey[2]
  WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.conkey[1] = a.attnum) f ON true
WHERE c.relkind = 'r' AND c.relname <> '__EFMigrationsHistory'
GROUP BY c.relname
SQL
}

copy_target_table() {
  local columns
  columns=$(awk -F'\t' -v t="$1" '$1 == t { print $2 }' "$plan")
  # FREEZE, as the migrator does: the rows are written visible to all, so building the indexes need not check them.
  sqlite3 -csv "$file" "SELECT $columns FROM \"$1\" t" |
    psql -X -q -v ON_ERROR_STOP=1 -c "BEGIN" -c "TRUNCATE \"$1\"" -c "\\copy \"$1\" FROM STDIN (FORMAT csv, FREEZE)" -c "COMMIT"
}

# copy_in_parallel FUNCTION TABLE...: FUNCTION TABLE for each table, largest first (by the file's rows), two at a
# time: the two cores each feed one backend.
copy_in_parallel() {
  local function=$1 table
  shift
  export -f "$function"
  for table in "$@"; do echo "$(sqlite3 "$file" "SELECT count(*) FROM \"$table\"") $table"; done |
    sort -rn | awk '{print $2}' | xargs -P 2 -I{} bash -c "$function \"\$@\"" _ {}
}

case $part in
  schema) ddl | psql -X -q -v ON_ERROR_STOP=1 ;;
  copy)
    export file
    # shellcheck disable=SC2046
    copy_in_parallel copy_table $(tables)
    ;;
  keys)
    for table in $(tables); do
      if sqlite3 "$file" "SELECT 1 FROM pragma_table_info('$table') WHERE name = 'id'" | grep -q 1; then
        psql -X -q -v ON_ERROR_STOP=1 -c "ALTER TABLE \"$table\" ADD PRIMARY KEY (id)"
      fi
    done
    ;;
  target-plan) target_plan ;;
  target-copy)
    export file plan
    # shellcheck disable=SC2046
    copy_in_parallel copy_target_table $(cut -f1 "$plan")
    ;;
  *) echo "unknown part $part" >&2; exit 64 ;;
esac
