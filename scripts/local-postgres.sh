#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server as a non-root user, for CI and for testing against the real
# thing: `scripts/local-postgres.sh start DIR` prints a postgres:// URL; `scripts/local-postgres.sh stop DIR`.
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?data directory}

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ] || [ ! -x "$found/initdb" ]; then
    echo "installing PostgreSQL (Debian package)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

# PostgreSQL refuses to run as root; use its own account, or make one.
run_as() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  runuser -u postgres -- "$@"
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

case "$cmd" in
  start)
    bin=$(bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    chmod 700 "$dir"
    run_as "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    port=$(free_port)
    run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
    echo "$port" > "$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    bin=$(bindir)
    run_as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
