#!/usr/bin/env bash
# The "native" contender of issue 7, the practical limit of the machine: `sqlite3 -csv` piped into `psql \copy`,
# two tables at a time, into plain tables typed after the legacy schema; then the primary keys of the tables.
# Usage: native.sh SQLITE_FILE PART   (PART: schema | copy | keys); connection from PGHOST/PGPORT/PGUSER/PGDATABASE.
set -euo pipefail
file=$1 part=$2

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

case $part in
  schema) ddl | psql -X -q -v ON_ERROR_STOP=1 ;;
  copy)
    export -f copy_table; export file
    # Largest first, two at a time: the two cores each feed one backend.
    for table in $(tables); do echo "$(sqlite3 "$file" "SELECT count(*) FROM \"$table\"") $table"; done |
      sort -rn | awk '{print $2}' | xargs -P 2 -I{} bash -c 'copy_table "$@"' _ {}
    ;;
  keys)
    for table in $(tables); do
      if sqlite3 "$file" "SELECT 1 FROM pragma_table_info('$table') WHERE name = 'id'" | grep -q 1; then
        psql -X -q -v ON_ERROR_STOP=1 -c "ALTER TABLE \"$table\" ADD PRIMARY KEY (id)"
      fi
    done
    ;;
  *) echo "unknown part $part" >&2; exit 64 ;;
esac
