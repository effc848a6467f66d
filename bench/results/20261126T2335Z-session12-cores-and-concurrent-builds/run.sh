#!/bin/bash
# Rebuilds the three large tables' keys and indexes of a database the migrator loaded, one of two ways:
#   seq         one connection, one build after another, as the migrator builds them (2 parallel workers,
#               32 MB per process: 96 MB)
#   par0 [MEM]  two connections side by side, each build in one process (0 parallel workers, MEM each, 32MB
#               by default), the work split so both take about as long
# Usage: PSQL="psql -h HOST -p PORT -U postgres -d DB" ./run.sh seq|par0 [MEM]. Drops the foreign keys too and does
# not put them back: add them afterwards (their definitions are in the migrator's schema).
cd "$(dirname "$0")"
P="${PSQL:?set PSQL to a superuser psql command for the loaded database} -X -q"
$P -f drop.sql >/dev/null
mode=$1
pre() { echo "SET max_parallel_maintenance_workers=$1; SET maintenance_work_mem='$2'; BEGIN;"; }
s=$(date +%s.%N)
case $mode in
  seq) { pre 2 96MB; cat s_pay.sql s_inv.sql s_pk_ii.sql s_ii_item.sql s_ii_inv.sql; echo COMMIT; } | $P ;;
  par0) { pre 0 "${2:-32MB}"; cat s_ii_inv.sql s_ii_item.sql; echo COMMIT; } | $P &
        { pre 0 "${2:-32MB}"; cat s_pk_ii.sql s_inv.sql s_pay.sql; echo COMMIT; } | $P &
        wait ;;
  *) echo "seq or par0" >&2; exit 64 ;;
esac
e=$(date +%s.%N)
echo "$mode ${2:-} $(echo "$e - $s" | bc)"
