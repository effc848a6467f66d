# The throwaway PostgreSQL of one bench run: one server, the same settings for every contender, a fresh database
# per contender owned by a non-superuser (bai_user), as Bai.Migrator runs in production. Sourced by run.sh.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55439}
PG_USER=bai_user
PG_PASSWORD=bench

# Identical for every contender; printed and written into the results. Durability is the server's default
# (fsync on, synchronous_commit on) so the migrator's COMMIT costs what it costs in production; WAL is minimal
# so COPY into a table created or truncated in the same transaction skips WAL for every contender alike.
# Autovacuum is off: its vacuum and analyze of one contender's freshly loaded tables would run during the next
# contender and land in that one's server CPU. The contenders that promise statistics (the migrator, native-target)
# run ANALYZE themselves.
PG_SETTINGS=(
  "shared_buffers=1GB"
  "maintenance_work_mem=512MB"
  "work_mem=64MB"
  "max_wal_size=4GB"
  "checkpoint_timeout=30min"
  "wal_level=minimal"
  "max_wal_senders=0"
  "max_parallel_maintenance_workers=2"
  "autovacuum=off"
  "log_min_duration_statement=-1"
)

pg_start() {
  PG_DIR=$(mktemp -d /var/tmp/bai-bench-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  local setting
  for setting in "${PG_SETTINGS[@]}"; do echo "$setting" >>"$PG_DIR/data/postgresql.conf"; done
  {
    echo "listen_addresses='127.0.0.1'"
    echo "port=$PG_PORT"
    echo "unix_socket_directories='$PG_DIR'"
    echo "logging_collector=off"
    echo "log_line_prefix='%m [%p] %d '"
  } >>"$PG_DIR/data/postgresql.conf"
  # PIN (run.sh --cpus): the postmaster inherits the core set, and every backend and parallel worker with it.
  nice -n "${BENCH_NICE:-0}" "${PIN[@]}" runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null
  pg_psql postgres -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' NOSUPERUSER NOCREATEDB NOCREATEROLE" >/dev/null
}

pg_stop() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  if [[ -n "${BENCH_KEEP_SERVER_LOG:-}" ]]; then cp "$PG_DIR/server.log" "$BENCH_KEEP_SERVER_LOG" 2>/dev/null || true; fi
  rm -rf "$PG_DIR"
}

# psql as the superuser over the server's socket: pg_psql DB ARGS...
pg_psql() {
  local db=$1; shift
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d "$db" "$@"
}

# psql as bai_user over TCP, as the contenders connect: pg_user_psql DB ARGS...
pg_user_psql() {
  local db=$1; shift
  PGPASSWORD=$PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"
}

# A fresh, empty database owned by bai_user.
pg_fresh_db() {
  pg_psql postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 OWNER $PG_USER" >/dev/null
}

pg_drop_db() {
  pg_psql postgres -c "DROP DATABASE IF EXISTS $1" >/dev/null
}

# Log every statement's duration for one database (the profile of a contender's server-side work).
pg_log_statements() {
  pg_psql postgres -c "ALTER DATABASE $1 SET log_min_duration_statement = 0" >/dev/null
}

pg_connection_string() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=$PG_USER;Password=$PG_PASSWORD"
}

# Waits (up to 5 s) until no client's server process is left: a contender's exit until then, so that pg_server_cpu
# counts each process once, live or reaped, and not one that exits between its reads of the postmaster and of it.
pg_wait_for_backends() {
  local _
  for _ in $(seq 50); do
    [[ $(pg_psql postgres -Atc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()") == 0 ]] && return
    sleep 0.1
  done
}

# CPU seconds the server has used so far: the postmaster, its live children (backends, parallel workers, checkpointer,
# autovacuum ...) and, through the postmaster's cutime/cstime, every child that has already exited. A contender's
# server CPU is the difference over its run.
pg_server_cpu() {
  local postmaster ticks=0 pid fields
  postmaster=$(head -1 "$PG_DIR/data/postmaster.pid")
  for pid in "$postmaster" $(pgrep -P "$postmaster"); do
    # Fields after the command name (which may hold spaces): utime is the 12th, stime 13th, cutime 14th, cstime 15th.
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a f <<<"$fields"
    ticks=$((ticks + f[11] + f[12]))
    [[ $pid != "$postmaster" ]] || ticks=$((ticks + f[13] + f[14]))
  done
  echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc
}

pg_settings_text() {
  printf '%s\n' "${PG_SETTINGS[@]}" | grep -v log_min_duration
}
