#!/bin/sh
# A private, throwaway PostgreSQL for tests and benchmarks: initdb + pg_ctl on a loopback port.
#   scripts/pg.sh start   -> prints the SQLAlchemy URL on stdout
#   scripts/pg.sh stop
#   scripts/pg.sh url
# PGROOT (default: .pg in the repository) holds the cluster; PGPORT (default 55432) the port.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
PGROOT=${PGROOT:-$here/.pg}
PGPORT=${PGPORT:-55432}
PGDB=${PGDB:-timeledger}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/pg_ctl" ] || { echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

# As root, the server runs as user postgres (initdb refuses root); otherwise as the caller.
if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

url() { echo "postgresql+asyncpg://postgres@127.0.0.1:$PGPORT/$PGDB"; }

case "${1:-}" in
  start)
    mkdir -p "$PGROOT"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGROOT"
    if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$PGROOT/initdb.log" 2>&1 || { cat "$PGROOT/initdb.log" >&2; exit 1; }
    fi
    if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
      as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PGROOT/server.log" >&2; exit 1; }
    fi
    "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$PGDB'" | grep -q 1 ||
      "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "CREATE DATABASE $PGDB" >/dev/null
    url
    ;;
  stop)
    [ -f "$PGROOT/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null
    exit 0
    ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
