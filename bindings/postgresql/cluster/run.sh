#!/usr/bin/env bash
# rapport across servers: three PostgreSQL 15 servers on 127.0.0.1, the interactions table
# hash-partitioned by contact with two of its three partitions on the other servers through
# postgres_fdw, and the CRM's query (every contact's warmth and due follow-ups) run with the
# aggregation pushed down to each server. Checks the result equals the single-server one, prints
# both timings and stops the servers. The recipe is explained in docs/POSTGRESQL.md.
#
#   cluster/run.sh [--port P] [--contacts N] [--keep]
# Ports P, P+1, P+2 (default 55440); N contacts (default 20000; about 10 interactions each).
# The extension must be installed (bindings/postgresql/test.sh does it). Run as root, the script
# runs itself again as user postgres: the server refuses to run as root.
set -euo pipefail
port=55440 contacts=20000 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --contacts) contacts=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--port P] [--contacts N] [--keep]" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" -eq 0 ]; then
  exec runuser -u postgres -- env RAPPORT_PG_BIN="${RAPPORT_PG_BIN:-}" "$0" --port "$port" --contacts "$contacts" $([ $keep = 1 ] && echo --keep)
fi
pgbin=${RAPPORT_PG_BIN:-/usr/lib/postgresql/15/bin}
[ -n "$pgbin" ] || pgbin=/usr/lib/postgresql/15/bin
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/rapport-cluster.XXXXXX)  # the servers, their logs, the plan, quiet.log
names=(coordinator shard1 shard2)

stop_all() {
  for i in 0 1 2; do
    [ -f "$work/${names[$i]}/postmaster.pid" ] && $pgbin/pg_ctl -D "$work/${names[$i]}" -m fast stop >>"$work/quiet.log" 2>&1 || true
  done
  if [ $keep = 0 ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap stop_all EXIT

for i in 0 1 2; do
  $pgbin/initdb -D "$work/${names[$i]}" -A trust -U "$(id -un)" --no-sync >>"$work/quiet.log"
  $pgbin/pg_ctl -D "$work/${names[$i]}" -l "$work/${names[$i]}.log" -w start \
    -o "-p $((port + i)) -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_worker_processes=8" >>"$work/quiet.log"
done
echo "three servers on 127.0.0.1:$port (coordinator), :$((port + 1)), :$((port + 2))"
psql_on() { local p=$1; shift; $pgbin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$p" -d postgres "$@"; }

# The shards: the extension, and the table that holds their partition.
for i in 1 2; do
  psql_on $((port + i)) -c "CREATE EXTENSION rapport" \
    -c "CREATE TABLE interactions_p$i (contact_id bigint, at timestamptz, channel text, direction text)"
done
psql_on "$port" -v port="$port" -v contacts="$contacts" -v me="$(id -un)" -f "$here/setup.sql"
for i in 1 2; do psql_on $((port + i)) -c "ANALYZE interactions_p$i"; done

# The CRM's query: every contact's warmth and window, and whether a follow-up is due today.
crm_query() {  # LATERAL: each function runs once per contact ((f(x)).a, (f(x)).b would run it per field)
  cat <<EOF
SELECT s.contact_id, w.score, w.band, w.stage, r.earliest, r.best, r.latest, r.action,
       r.best < timestamptz '2026-11-16 12:00+00' + interval '1 day' AS due_today
FROM (SELECT contact_id, rapport_agg(at, channel, direction ORDER BY at) AS state FROM $1 GROUP BY contact_id) s,
     LATERAL rapport_warmth(s.state, '2026-11-16 12:00+00') w,
     LATERAL rapport_recommend(s.state, '2026-11-16 12:00+00', '{"calendar": "us_federal", "zone": "America/New_York"}') r
EOF
}
settings="SET enable_partitionwise_aggregate = on; SET max_parallel_workers_per_gather = 0;"

echo "-- the distributed plan (aggregation pushed down to the shards):"
psql_on "$port" -c "$settings EXPLAIN (VERBOSE, COSTS OFF) $(crm_query interactions)" > "$work/plan.txt"
grep -E "Foreign Scan|Relations:|Remote SQL|Async" "$work/plan.txt" | sed 's/^ */  /' | cut -c1-160
pushed=$(grep -c "Relations: Aggregate on" "$work/plan.txt" || true)
if [ "$pushed" -ne 2 ]; then echo "FAIL: expected 2 aggregates pushed down, plan has $pushed"; cat "$work/plan.txt"; exit 1; fi

timed() {  # timed <label> <table to create> <source table>
  local t0 t1
  t0=$(date +%s.%N)
  psql_on "$port" -c "$settings CREATE TABLE $2 AS $(crm_query "$3")"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v l="$1" 'BEGIN { printf "%-28s %8.3f s\n", l, b - a }'
}
rows=$(psql_on "$port" -At -c "SELECT count(*) FROM interactions_all")
echo "-- $contacts contacts, $rows interactions; timings of the CRM query:"
timed "single server:" result_single interactions_all
timed "three servers (fdw):" result_sharded interactions

diff=$(psql_on "$port" -At -c "SELECT count(*) FROM ((TABLE result_single EXCEPT ALL TABLE result_sharded)
                                                      UNION ALL (TABLE result_sharded EXCEPT ALL TABLE result_single)) d")
summary=$(psql_on "$port" -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE due_today) FROM result_sharded")
echo "-- contacts, due today: $summary; rows differing between single server and three servers: $diff"
if [ "$diff" != 0 ]; then echo "FAIL: the three-server result differs from the single-server one"; exit 1; fi
echo "OK: equal results"
