#!/usr/bin/env bash
# rapport vs PostgreSQL 15 vs numpy/pandas: the same warmth (the shipped model, no network
# context: the same features and parameters) on one generated data set, each timed on the
# computation alone (loading excluded), each checked against rapport's scores.
#
#   benchmarks/compare/run.sh [--rows N] [--contacts N]     (default 10,000,000 rows, 1,000,000 contacts)
#   RAPPORT_BUILD_DIR=build/release benchmarks/compare/run.sh --rows 100000 --contacts 10000   (smoke)
#
# Builds the release preset unless RAPPORT_BUILD_DIR names an existing build. Needs PostgreSQL 15
# (/usr/lib/postgresql/15/bin) and /usr/bin/python3 with numpy and pandas; installs nothing: it
# names the missing Debian packages and exits 2. Prints each time, `max_abs_diff: X` and the ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=10000000
contacts=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --contacts) contacts=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--contacts N]" >&2; exit 2 ;;
  esac
done

pgbin=/usr/lib/postgresql/15/bin
missing=()
[ -x "$pgbin/initdb" ] && [ -x "$pgbin/psql" ] || missing+=(postgresql-15 postgresql-client-15)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
/usr/bin/python3 -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare: missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 2
fi

build=${RAPPORT_BUILD_DIR:-}
if [ -z "$build" ] || [ ! -d "$build" ]; then
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release --target rapport_compare)
  build=$root/build/release
fi
[ -x "$build/benchmarks/rapport_compare" ] || cmake --build "$build" --target rapport_compare

work=$(mktemp -d /tmp/rapport-compare.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg $pgbin/pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

"$build/benchmarks/rapport_compare" gen "$work" "$rows" "$contacts"
"$build/benchmarks/rapport_compare" score "$work" | tee "$work/rapport.txt"
/usr/bin/python3 "$here/warmth_numpy.py" "$work" | tee "$work/numpy.txt"

# PostgreSQL: a temporary server on loopback, parallel query on, the table loaded and analysed.
if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$work"; fi
port=$((40000 + RANDOM % 20000))
as_pg $pgbin/initdb -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
as_pg $pgbin/pg_ctl -D "$work/pg" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=1GB -c work_mem=1GB \
      -c max_parallel_workers_per_gather=2 -c max_parallel_workers=2 -c jit=off" start >/dev/null
psql=(as_pg $pgbin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
"${psql[@]}" -c "CREATE UNLOGGED TABLE interactions (contact int4, id int8, at int8, channel int2, direction int2)" \
  -c "COPY interactions FROM '$work/rows.csv' (FORMAT csv)" -c "ANALYZE interactions"
param() { awk -v k="$1" '$1 == k { print $2 }' "$work/params.txt"; }
weights=$(awk '$1 ~ /^weight/ { printf "%s%s", sep, $2; sep = "," }' "$work/params.txt")
sql=$(sed -e "s/:now/$(param now)/g" -e "s/:inv_short/$(param inv_short)/g" -e "s/:inv_long/$(param inv_long)/g" \
  -e "s/:session_gap/$(param session_gap_seconds)/g" -e "s/:reply_window_days/$(param reply_window_days)/g" \
  -e "s/:prior_gap_days/$(param prior_gap_days)/g" -e "s/:inbound_cap_days/$(param inbound_recency_cap_days)/g" \
  -e "s/:intercept/$(param intercept)/g" -e "s/:weights/$weights/g" \
  $(for i in $(seq 11 -1 0); do printf -- '-e s/:beta%d/%s/g ' "$i" "$(param beta$i)"; done) "$here/warmth.sql")  # 11 first: :beta1 prefixes :beta10
# Best of three, each computing every contact's score into a table (the server's own timing).
best=""
for run in 1 2 3; do
  ms=$(printf '\\timing on\nSET client_min_messages = warning;\nDROP TABLE IF EXISTS scores;\nCREATE UNLOGGED TABLE scores AS %s;\n' "$sql" |
    "${psql[@]}" | awk '/^Time:/ { t = $2 } END { print t }')
  best=$(awk -v a="$best" -v b="$ms" 'BEGIN { print (a == "" || b < a) ? b : a }')
done
"${psql[@]}" -c "COPY (SELECT score FROM scores ORDER BY contact) TO '$work/postgres.txt'"
echo "postgres_seconds: $(awk -v ms="$best" 'BEGIN { printf "%.6f", ms / 1000 }')" | tee "$work/postgres_time.txt"

/usr/bin/python3 - "$work" <<'EOF'
import sys
import numpy as np
d = sys.argv[1]
r = np.fromfile(d + "/rapport.f64")
n = np.fromfile(d + "/numpy.f64")
p = np.loadtxt(d + "/postgres.txt")
t = {k: float(open(d + "/" + f).read().split()[1]) for k, f in
     [("rapport", "rapport.txt"), ("numpy", "numpy.txt"), ("postgres", "postgres_time.txt")]}
assert len(r) == len(n) == len(p), (len(r), len(n), len(p))
print("contacts: %d" % len(r))
print("max_abs_diff: %.3g (numpy %.3g, postgres %.3g)" % (max(abs(r - n).max(), abs(r - p).max()), abs(r - n).max(), abs(r - p).max()))
print("ratio postgres/rapport: %.1f" % (t["postgres"] / t["rapport"]))
print("ratio numpy/rapport: %.1f" % (t["numpy"] / t["rapport"]))
EOF
