#!/usr/bin/env bash
# Throughput of rapport_agg on one server: 10 M interactions (1 M contacts x 10) in a table
# hash-partitioned by contact into 8 partitions, folded with partitionwise aggregation by 0
# (leader only), 1 and 2 parallel workers (leader not participating, so N workers = N processes).
# Prints the best of 3 runs per setting, in rows/s, for
#   fold:  SELECT count(state) FROM (SELECT contact_id, rapport_agg(... ORDER BY at) ... GROUP BY 1)
#   crm:   the same plus rapport_warmth and rapport_recommend per contact (the CRM's daily query);
#   plain: count(direction ORDER BY at) instead of rapport_agg: PostgreSQL's own cost of the sorts.
# The figures in docs/POSTGRESQL.md come from:  nice -n 10 bindings/postgresql/bench/measure.sh
# The extension must be installed (bindings/postgresql/test.sh). Environment: RAPPORT_PG_PORT
# (default 55450), RAPPORT_PG_CONTACTS (default 1000000), RAPPORT_PG_RUNS (default 3).
set -euo pipefail
shopt -s inherit_errexit  # a failed run inside $(best_of ...) must stop the script, not time an error
if [ "$(id -u)" -eq 0 ]; then exec runuser -u postgres -- env RAPPORT_PG_PORT="${RAPPORT_PG_PORT:-}" \
  RAPPORT_PG_CONTACTS="${RAPPORT_PG_CONTACTS:-}" RAPPORT_PG_RUNS="${RAPPORT_PG_RUNS:-}" "$0" "$@"; fi
port=${RAPPORT_PG_PORT:-55450}; port=${port:-55450}
contacts=${RAPPORT_PG_CONTACTS:-1000000}; contacts=${contacts:-1000000}
runs=${RAPPORT_PG_RUNS:-3}; runs=${runs:-3}
pgbin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/rapport-bench.XXXXXX)  # holds the server, its log and the commands' chatter (quiet.log)
trap '$pgbin/pg_ctl -D "$work/data" -m fast stop >>"$work/quiet.log" 2>&1 || true; rm -rf "$work"' EXIT
$pgbin/initdb -D "$work/data" -A trust -U "$(id -un)" --no-sync >>"$work/quiet.log"
# Sorts stay in memory (an 8th of 10 M rows per partition) and up to 2 workers may run.
$pgbin/pg_ctl -D "$work/data" -l "$work/log" -w start -o "-p $port -k $work -c listen_addresses=127.0.0.1 \
  -c fsync=off -c shared_buffers=1GB -c work_mem=256MB -c max_worker_processes=8 -c max_parallel_workers=4" >>"$work/quiet.log"
sql() { $pgbin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -d postgres -At "$@"; }

sql -c "CREATE EXTENSION rapport" -c "
CREATE TABLE interactions (contact_id bigint, at timestamptz, channel text, direction text) PARTITION BY HASH (contact_id);
DO \$\$ BEGIN FOR i IN 0..7 LOOP
  EXECUTE format('CREATE TABLE interactions_%s PARTITION OF interactions FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i);
END LOOP; END \$\$;"
t0=$(date +%s.%N)
sql -c "INSERT INTO interactions
SELECT c, timestamptz '2024-12-01 00:00+00' + make_interval(days => abs(hashint8(c)) % 500 + 3 * k,
                                                         secs => abs(hashint8(c * 1000 + k)) % 259200),
       (ARRAY['email', 'email', 'message', 'meeting', 'call', 'social', 'event', 'video_call'])[1 + abs(hashint8(c * 1000 + k) >> 20) % 8],
       (ARRAY['outbound', 'inbound', 'outbound', 'inbound', 'mutual'])[1 + abs(hashint8(c * 1000 + k) >> 40) % 5]
FROM generate_series(1, $contacts) c, generate_series(1, 10) k" -c "VACUUM ANALYZE interactions"
rows=$(sql -c "SELECT count(*) FROM interactions")
echo "loaded $rows interactions for $contacts contacts in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"

fold="SELECT count(state) FROM (SELECT contact_id, rapport_agg(at, channel, direction ORDER BY at) AS state
      FROM interactions GROUP BY contact_id) s"
crm="SELECT count(*) FILTER (WHERE r.best < timestamptz '2026-11-16 12:00+00' + interval '1 day'), avg(w.score)
     FROM (SELECT contact_id, rapport_agg(at, channel, direction ORDER BY at) AS state FROM interactions GROUP BY contact_id) s,
          LATERAL rapport_warmth(s.state, '2026-11-16 12:00+00') w, LATERAL rapport_recommend(s.state, '2026-11-16 12:00+00') r"
# The same sorts and grouping with a trivial ordered aggregate: what PostgreSQL itself costs.
plain="SELECT count(n) FROM (SELECT contact_id, count(direction ORDER BY at) AS n FROM interactions GROUP BY contact_id) s"
best_of() {  # best_of <workers> <query>: the fastest of $runs runs, in seconds
  local best=999999 t0 t1
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N)
    sql -c "SET enable_partitionwise_aggregate = on; SET parallel_leader_participation = off;
            SET max_parallel_workers_per_gather = $1; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
            SET jit = off" -c "$2" >>"$work/quiet.log"
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; print (d < m ? d : m) }')
  done
  echo "$best"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
printf '%-6s %-8s %10s %14s\n' query workers seconds rows/s
for q in plain fold crm; do
  for w in 0 1 2; do
    if [ $w = 0 ]; then shape="leader"; else shape=$w; fi
    s=$(best_of "$w" "${!q}")
    printf '%-6s %-8s %10.2f %14.0f\n' "$q" "$shape" "$s" "$(awk -v r="$rows" -v s="$s" 'BEGIN { print r / s }')"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sql -c "SET enable_partitionwise_aggregate = on; SET parallel_leader_participation = off; SET max_parallel_workers_per_gather = 2;
        SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0" -c "EXPLAIN (VERBOSE, COSTS OFF) $crm" | cut -c1-150 | head -14
