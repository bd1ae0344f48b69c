#!/usr/bin/env bash
# Starts a throwaway Postgres and Redis on loopback for the Postgres, Redis and multi-node suites,
# and prints the environment those suites read:
#
#   eval "$(scripts/services.sh start)"   # exports TEST_DATABASE_URL, TEST_REDIS_URL
#   scripts/services.sh stop
#
# Data lives in a temp folder and is thrown away on stop. Needs Debian's `postgresql` and
# `redis-server` (.ci/run installs them). Postgres refuses to run as root, so as root it runs as
# the `postgres` user.
set -euo pipefail

PG_PORT="${TOPAY_TEST_PG_PORT:-55432}"
REDIS_PORT="${TOPAY_TEST_REDIS_PORT:-56379}"
STATE_DIR="${TOPAY_TEST_SERVICES_DIR:-/tmp/topay-support-services}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  [[ -x "$PG_BIN/pg_ctl" ]] || { echo "services: Postgres is not installed (apt-get install postgresql)" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "services: redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
  mkdir -p "$STATE_DIR"
  chmod 755 "$STATE_DIR"

  if ! as_pg "$PG_BIN/pg_ctl" -D "$STATE_DIR/pg" status >/dev/null 2>&1; then
    rm -rf "$STATE_DIR/pg"
    mkdir -p "$STATE_DIR/pg"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$STATE_DIR/pg"
    as_pg "$PG_BIN/initdb" -D "$STATE_DIR/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # fsync off and a small WAL: this database is thrown away, and tests should not wait on disk.
    as_pg "$PG_BIN/pg_ctl" -D "$STATE_DIR/pg" -l "$STATE_DIR/pg/server.log" -w \
      -o "-h 127.0.0.1 -p $PG_PORT -k $STATE_DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
  fi
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='topay_test'" |
    grep -q 1 || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres topay_test

  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
      --dir "$STATE_DIR" --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi

  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/topay_test"
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

stop() {
  if [[ -d "$STATE_DIR/pg" ]]; then as_pg "$PG_BIN/pg_ctl" -D "$STATE_DIR/pg" -m fast stop >/dev/null 2>&1 || true; fi
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$STATE_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/services.sh start|stop" >&2; exit 64 ;;
esac
