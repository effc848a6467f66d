#!/usr/bin/env bash
# Issue 7's benchmark: pgloader, the native sqlite3|psql pipeline, Bai.Migrator and Bai.Verifier on the same
# generated files and the same throwaway PostgreSQL 15. See bench/README.md.
#
#   bash bench/run.sh [--sizes small,large] [--skip-pgloader] [--skip-native] [--skip-verifier]
#                     [--skip-native-target] [--repeat N] [--profile] [--nice N] [--cpus N] [--label TEXT]
#
# --sizes          which files (small ≈ 1M rows, large ≈ 6M rows); default small,large
# --skip-pgloader  leave pgloader out (its ratio is then not printed)
# --skip-native    leave the native pipeline out
# --skip-verifier  leave Bai.Verifier out
# --skip-native-target  leave out the native pipeline into the migrator's schema (see lib/native.sh)
# --repeat N       run every contender N times, in turns (all of them, then all again), and report the medians;
#                  on a shared machine one run moves by 10-30%
# --profile        also keep the migrator's timestamped debug log and the server's per-statement durations
#                  under bench/results/<stamp>-<size>-profile/ (a few hundred statements: no measurable cost)
# --nice N         run the server and every contender at niceness N (e.g. -10) when other work shares the machine;
#                  with sched_autogroup on, nice only ranks processes within one session, so the bench's session
#                  and the server's (pg_ctl starts it in its own) get autogroup nice N too
# --cpus N         run the server and every contender on the machine's first N cores only (taskset), to see how
#                  each contender's time changes with the cores it has; CPU floors are then over N cores
# --label TEXT     a word for the results' file names and headings (e.g. "baseline")
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
source "$BENCH/lib/pg.sh"

sizes=small,large skip_pgloader= skip_native= skip_verifier= skip_native_target= repeat=1 profile= label= BENCH_NICE=0 BENCH_CPUS=
while (($#)); do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --skip-pgloader) skip_pgloader=1 ;;
    --skip-native) skip_native=1 ;;
    --skip-verifier) skip_verifier=1 ;;
    --skip-native-target) skip_native_target=1 ;;
    --repeat) repeat=$2; shift ;;
    --profile) profile=1 ;;
    --label) label=$2; shift ;;
    --nice) BENCH_NICE=$2; shift ;;
    --cpus) BENCH_CPUS=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;p}' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "--repeat takes a whole number of rounds, 1 or more (got '$repeat')" >&2; exit 64; }
if [[ -n $BENCH_CPUS ]]; then
  [[ $BENCH_CPUS =~ ^[1-9][0-9]*$ ]] && ((BENCH_CPUS <= $(nproc))) \
    || { echo "--cpus takes a number of cores from 1 to $(nproc), the cores this machine lets us use (got '$BENCH_CPUS')" >&2; exit 64; }
fi
# The command prefix that keeps a process (and every child it starts) on the first --cpus cores; empty without it.
PIN=()
[[ -z $BENCH_CPUS ]] || PIN=(taskset -c "0-$((BENCH_CPUS - 1))")

# The generator's options per size: both have 100 accounts, so only the invoices (and their children) grow.
generator_options() {
  case $1 in
    large) echo "--preset benchmark" ;;
    small) echo "--preset benchmark --invoices-per-account 1600" ;;
    *) echo "unknown size $1" >&2; return 64 ;;
  esac
}

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

require_tools() {
  [[ $(id -u) == 0 ]] || { echo "run as root: the server runs as the postgres account through runuser" >&2; exit 69; }
  local missing=()
  [[ -x /usr/bin/time ]] || missing+=(time)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v jq >/dev/null || missing+=(jq)
  [[ -n $skip_pgloader ]] || command -v pgloader >/dev/null || missing+=(pgloader)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  [[ -x $PG_BIN/postgres ]] || { echo "PostgreSQL 15 server binaries not found in $PG_BIN (apt-get install postgresql-15)" >&2; exit 69; }
}

# The generator is only built; the two workers are published as a cutover deploys them (README, "The real move"):
# ReadyToRun for this machine's runtime, so no contender pays for compiling its own code while it is timed.
build() {
  log "building Bai.SampleData; publishing Bai.Migrator, Bai.Verifier (Release, ReadyToRun) into $WORK/publish"
  dotnet build -c Release --nologo -v quiet Bai.SampleData/Bai.SampleData.csproj >"$WORK/build-Bai.SampleData.log" 2>&1 \
    || { tail -30 "$WORK/build-Bai.SampleData.log" >&2; exit 70; }
  local project
  for project in Bai.Migrator Bai.Verifier; do
    dotnet publish -c Release --use-current-runtime --nologo -v quiet -o "$WORK/publish/$project" "$project/$project.csproj" \
      >"$WORK/build-$project.log" 2>&1 || { tail -30 "$WORK/build-$project.log" >&2; exit 70; }
    # A published worker that cannot start would time as a 0.1 s contender with exit 134; it happened once after a
    # self-contained publish for the same runtime had left its outputs in bin/ and obj/.
    dotnet "$WORK/publish/$project/$project.dll" --help >/dev/null 2>&1 \
      || { echo "bench: the published $project does not start; remove the projects' bin/Release and obj/Release folders (another kind of publish, such as self-contained, may have left them) and run again" >&2; exit 70; }
  done
}

# bench/.cache/<size>-<key>.db, key = the generator's options + a hash of the generator's sources.
benchmark_file() {
  local size=$1 options source_hash key file
  options=$(generator_options "$size")
  source_hash=$(cd "$ROOT" && git ls-files -s Bai.SampleData Bai.Core Directory.Build.props Directory.Packages.props | sha256sum | cut -c1-16)
  # Uncommitted edits to the generator change the key too.
  source_hash+=$(cd "$ROOT" && git diff HEAD -- Bai.SampleData Bai.Core | sha256sum | cut -c1-8)
  key=$(echo "$options $source_hash" | sha256sum | cut -c1-16)
  file=$BENCH/.cache/$size-$key.db
  mkdir -p "$BENCH/.cache"
  if [[ ! -f $file ]]; then
    log "generating $size file ($options)"
    # shellcheck disable=SC2086
    dotnet Bai.SampleData/bin/Release/net10.0/Bai.SampleData.dll $options --output "$file.partial" --force >&2
    mv "$file.partial" "$file"
  fi
  chmod a+r "$file"
  echo "$file"
}

# The rows every contender moves: the eight BAI tables of the file.
source_rows() {
  sqlite3 "$1" "SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM users) + (SELECT count(*) FROM item_categories)
    + (SELECT count(*) FROM items) + (SELECT count(*) FROM customers) + (SELECT count(*) FROM invoices)
    + (SELECT count(*) FROM invoice_items) + (SELECT count(*) FROM payments)"
}

# measure NAME CMD...: wall time, exit code, the client's peak RSS (/usr/bin/time -v: the largest process among the
# command and its children; the server's memory is not included), the client's CPU (user + system, the command and
# its children) and the server's CPU over the run. Appends a line to $MEASURES.
measure() {
  local name=$1; shift
  local start end rc=0 server_before server_after
  log "run $name"
  server_before=$(pg_server_cpu)
  start=$(date +%s.%N)
  nice -n "$BENCH_NICE" "${PIN[@]}" /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  end=$(date +%s.%N)
  pg_wait_for_backends
  server_after=$(pg_server_cpu)
  local rss client_cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
  client_cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$WORK/$name.time")
  local seconds
  seconds=$(echo "$end - $start" | bc -l)
  printf '%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$name" "$seconds" "${rss:-0}" "$rc" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$client_cpu" "$(echo "$server_after - $server_before" | bc -l)" >>"$MEASURES"
  if ((rc != 0)); then
    log "$name exited $rc; last lines of its output:"
    tail -n 5 "$WORK/$name.err" "$WORK/$name.out" >&2 || true
  fi
}

run_pgloader() {
  local db=bench_pgloader
  pg_fresh_db $db
  cat >"$WORK/pgloader.load" <<LOAD
LOAD DATABASE
  FROM sqlite://$FILE
  INTO postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$db
  WITH create tables, create indexes, reset sequences, foreign keys;
LOAD
  measure pgloader pgloader "$WORK/pgloader.load"
  pg_drop_db $db
}

run_native() {
  local db=bench_native
  pg_fresh_db $db
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=$PG_USER PGPASSWORD=$PG_PASSWORD PGDATABASE=$db
  "$BENCH/lib/native.sh" "$FILE" schema
  measure native-copy "$BENCH/lib/native.sh" "$FILE" copy
  measure native-keys "$BENCH/lib/native.sh" "$FILE" keys
  unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
  pg_drop_db $db
}

run_migrator() {
  local db=bench_migrator state=$WORK/migrator-state
  pg_fresh_db $db
  [[ -z $profile ]] || pg_log_statements $db
  rm -rf "$state"; mkdir -p "$state"
  measure migrator env "ConnectionStrings__bai-db=$(pg_connection_string $db)" "Bai__StateFolder=$state" \
    Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat='HH:mm:ss.fff ' \
    Logging__Console__FormatterOptions__SingleLine=true ${profile:+Logging__LogLevel__Bai=Debug} \
    dotnet "$WORK/publish/Bai.Migrator/Bai.Migrator.dll" --sqlite "$FILE" --no-verify --report "$WORK/migrator-report.json"
  rm -rf "$state"
}

run_verifier() {
  # --sqlite: the migrator's state folder (and the snapshot its ledger points to) is gone by now; the file is the same.
  local db=bench_migrator
  measure verifier env "ConnectionStrings__bai-db=$(pg_connection_string $db)" "ConnectionStrings__bai-sqlite=Data Source=$FILE" \
    "Bai__StateFolder=$WORK/verifier-state" dotnet "$WORK/publish/Bai.Verifier/Bai.Verifier.dll" --sqlite "$FILE"
  rm -rf "$WORK/verifier-state"
}

# The native pipeline into the schema the migrator built (target-schema.md): its tables restored from pg_dump's
# pre-data (untimed, as creating them is), the rows with their account columns looked up in SQL
# (native-target-copy), then pg_dump's post-data, the keys, indexes and foreign keys, and ANALYZE
# (native-target-keys). What the required schema costs by the plainest route, next to what the migrator takes.
run_native_target() {
  local db=bench_native_target model=bench_migrator
  pg_fresh_db $db
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=$PG_USER PGPASSWORD=$PG_PASSWORD PGTZ=UTC
  PGDATABASE=$model "$BENCH/lib/native.sh" "$FILE" target-plan >"$WORK/target-plan.tsv"
  pg_dump -d $model -n public -s --section=pre-data --no-owner --no-privileges | grep -v '^CREATE SCHEMA public;' |
    PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 >/dev/null
  pg_dump -d $model -n public -s --section=post-data --no-owner --no-privileges >"$WORK/target-post-data.sql"
  # pg_dump's script empties search_path, hence the schema on each table.
  echo "ANALYZE $(sed 's/\t.*//; s/^/public./' "$WORK/target-plan.tsv" | paste -sd,);" >>"$WORK/target-post-data.sql"
  export PGDATABASE=$db
  measure native-target-copy "$BENCH/lib/native.sh" "$FILE" target-copy "$WORK/target-plan.tsv"
  measure native-target-keys psql -X -q -v ON_ERROR_STOP=1 -f "$WORK/target-post-data.sql"
  unset PGHOST PGPORT PGUSER PGPASSWORD PGTZ PGDATABASE
  pg_drop_db $db
}

keep_profile() {
  local dir=$1
  mkdir -p "$dir"
  cp "$WORK/migrator.out" "$dir/migrator.log" 2>/dev/null || true
  cp "$WORK/migrator-report.json" "$dir/migrator-report.json" 2>/dev/null || true
  cp "$WORK"/*.time "$dir/" 2>/dev/null || true
  grep -E ' bench_migrator .*duration:' "$PG_DIR/server.log" | sed -E 's/^([^[]*)\[[0-9]+\] bench_migrator LOG:  /\1/' >"$dir/server-statements.log" || true
}

require_tools
WORK=$(mktemp -d /var/tmp/bai-bench.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
build
stamp=$(date -u +%Y%m%dT%H%MZ)${label:+-$label}
log "starting PostgreSQL 15 (port $PG_PORT) with: $(pg_settings_text | paste -sd' ')${BENCH_CPUS:+; server and contenders on cores 0-$((BENCH_CPUS - 1))}"
pg_start
if [[ $BENCH_NICE != 0 && -w /proc/$$/autogroup ]]; then
  echo "$BENCH_NICE" >/proc/$$/autogroup
  echo "$BENCH_NICE" >"/proc/$(head -1 "$PG_DIR/data/postmaster.pid")/autogroup"
fi

IFS=, read -ra size_list <<<"$sizes"
for SIZE in "${size_list[@]}"; do
  FILE=$(benchmark_file "$SIZE")
  ROWS=$(source_rows "$FILE")
  MEASURES=$WORK/measures-$SIZE.tsv
  : >"$MEASURES"
  log "$SIZE: $FILE, $ROWS rows, $(du -m "$FILE" | cut -f1) MB"
  for ((round = 1; round <= repeat; round++)); do
    ((repeat == 1)) || log "$SIZE: round $round of $repeat"
    [[ -n $skip_pgloader ]] || run_pgloader
    [[ -n $skip_native ]] || run_native
    run_migrator
    [[ -n $skip_verifier ]] || run_verifier
    [[ -n $skip_native_target ]] || run_native_target
    pg_drop_db bench_migrator
  done
  [[ -z $profile ]] || keep_profile "$BENCH/results/$stamp-$SIZE-profile"
  python3 "$BENCH/lib/report.py" --size "$SIZE" --file "$FILE" --rows "$ROWS" --measures "$MEASURES" \
    --migrator-report "$WORK/migrator-report.json" --settings "$(pg_settings_text | paste -sd' ')" \
    --cores "${BENCH_CPUS:-$(nproc)}" --commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Bai.Migrator Bai.Core || echo '+dirty')" \
    --output "$BENCH/results/$stamp-$SIZE"
done
