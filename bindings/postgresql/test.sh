#!/usr/bin/env bash
# The PostgreSQL extension's whole test, from a clean checkout, as root on Debian 12 (CI) or as a
# user who may run PostgreSQL's binaries and write its extension directory:
#   1. installs PostgreSQL 15 and the build dependencies if missing;
#   2. builds the extension and installs it into the system's PostgreSQL 15;
#   3. starts a temporary server (as user postgres when run as root: the server refuses root) in a
#      temporary directory, listening on 127.0.0.1 only;
#   4. runs the pg_regress suite (tests/sql, tests/expected) against it;
#   5. runs the three-server script (cluster/run.sh) on a small data set;
#   6. stops everything and removes the temporary directories; exits non-zero on any failure.
# Environment: RAPPORT_PG_PORT (first of the ports used, default 55430), RAPPORT_PG_BUILD (build
# directory, default build/pg), RAPPORT_PG_CLUSTER_CONTACTS (contacts in step 5, default 2000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${RAPPORT_PG_PORT:-55430}
build=${RAPPORT_PG_BUILD:-$root/build/pg}
pgbin=/usr/lib/postgresql/15/bin

echo "== PostgreSQL extension: packages"
packages=(postgresql-15 postgresql-server-dev-15 build-essential cmake libeigen3-dev libboost-date-time-dev tzdata)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "== PostgreSQL extension: build and install"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRAPPORT_BUILD_POSTGRESQL=ON -DRAPPORT_PG_CONFIG=$pgbin/pg_config \
  -DRAPPORT_BUILD_TESTS=OFF -DRAPPORT_BUILD_EXAMPLES=OFF -DRAPPORT_BUILD_TOOLS=OFF -DRAPPORT_BUILD_C_API=OFF \
  -DRAPPORT_INSTALL=OFF >/dev/null
cmake --build "$build" --target rapport_pg rapport_pg_reference -j2
cmake --install "$build" --component postgresql

# Everything the server and pg_regress touch lives in one directory the server's user owns.
work=$(mktemp -d /tmp/rapport-pg-test.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg $pgbin/pg_ctl -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$here/tests/sql" "$here/tests/expected" "$work/"
# pg_regress gives the tests its output directory as PG_ABS_BUILDDIR: the data set goes there.
mkdir -p "$work/out/data"
"$build/bindings/postgresql/rapport_pg_reference" "$work/out/data" 400
if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$work"; fi

echo "== PostgreSQL extension: temporary server on 127.0.0.1:$port"
as_pg $pgbin/initdb -D "$work/data" -A trust -U postgres --no-sync >/dev/null
as_pg $pgbin/pg_ctl -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

echo "== PostgreSQL extension: pg_regress"
tests=(reference errors trigger parallel)
if ! as_pg "$(dirname "$($pgbin/pg_config --pgxs)")/../test/regress/pg_regress" --bindir=$pgbin \
     --host=127.0.0.1 --port="$port" --user=postgres --dbname=rapport_regress \
     --inputdir="$work" --outputdir="$work/out" "${tests[@]}"; then
  cat "$work/out/regression.diffs" || true
  rm -rf "$build/pg_regress_results" && cp -r "$work/out/results" "$build/pg_regress_results" || true
  echo "results kept in $build/pg_regress_results"
  exit 1
fi

echo "== PostgreSQL extension: three servers (cluster/run.sh)"
as_pg env RAPPORT_PG_BIN=$pgbin "$here/cluster/run.sh" --port $((port + 1)) --contacts "${RAPPORT_PG_CLUSTER_CONTACTS:-2000}"
echo "== PostgreSQL extension: all passed"
