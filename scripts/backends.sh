#!/usr/bin/env bash
# Real database servers for the integration tests, without Docker (see /work/shared/BACKENDS.md).
#
#   scripts/backends.sh install|start|stop|status|env [postgres|all]   (default: all)
#   scripts/backends.sh list                                           (the known backends)
#
#   install  installs what a backend needs (apt packages, extensions built from source). Idempotent.
#   start    initialises (first time) and starts the server on 127.0.0.1, waits until it accepts
#            connections and creates the test database. Idempotent: a running server is left alone.
#   stop     stops only the servers this script started (those whose state is in the work folder).
#   status   prints one line per backend: running / stopped.
#   env      prints `export AGENTDB_TEST_<BACKEND>_URL=...` for every backend that is running, so
#            `eval "$(scripts/backends.sh env all)"` exports exactly the reachable ones.
#
# All state (data directories, sockets, logs, downloaded sources, builds) lives under ONE work
# folder, $AGENTDB_BACKENDS_DIR (default <repo>/.work/backends, mode 755, git-ignored; or
# /var/tmp/agentdb-backends-<hash> when the repository sits where other users cannot reach), so removing
# that folder after `stop` removes everything. Logs: $WORK/logs/<backend>-<verb>.log and the
# servers' own logs (PostgreSQL: $WORK/pg/server.log); on failure their tail is printed.
#
# Settings (environment):
#   AGENTDB_BACKENDS_DIR  work folder (see above)
#   AGENTDB_PG_PORT       PostgreSQL port (default 15432)
#   AGENTDB_PG_FAST       1 (default): start PostgreSQL with fsync=off, synchronous_commit=off for
#                         speed. Crash durability is then NOT guaranteed: durability tests must run
#                         with AGENTDB_PG_FAST=0 (the server defaults). Applied at each start.
#
# Adding a backend: write <name>_install, <name>_start, <name>_stop, <name>_status (prints
# running|stopped) and <name>_env, and append <name> to BACKENDS. Dispatch is by function name;
# scripts/test.sh starts every backend of `list` unless AGENTDB_TEST_BACKENDS says otherwise.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
# Server processes run as their own users (postgres, ...), which must reach the work folder: when
# some parent of the repository is closed to other users (a clone under /root, say), the default
# moves to /var/tmp, one folder per repository path.
others_can_traverse() {
  local d="$1"
  while [ "$d" != "/" ]; do
    [ "$(stat -c %A "$d" | cut -c10)" = "x" ] || [ "$(stat -c %A "$d" | cut -c10)" = "t" ] || return 1
    d="$(dirname "$d")"
  done
}
if others_can_traverse "$REPO"; then
  DEFAULT_WORK="$REPO/.work/backends"
else
  DEFAULT_WORK="/var/tmp/agentdb-backends-$(printf '%s' "$REPO" | md5sum | cut -c1-12)"
fi
WORK="${AGENTDB_BACKENDS_DIR:-$DEFAULT_WORK}"
LOGS="$WORK/logs"
BACKENDS=(postgres)   # dispatch table: every name here has the five functions below

log() { echo "backends.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Runs "$@" with stdout/stderr appended to the given log file; on failure prints the log's tail.
run_logged() {
  local logfile="$1"; shift
  if ! "$@" >>"$logfile" 2>&1; then
    log "command failed: $*"
    log "---- last lines of $logfile ----"
    tail -n 30 "$logfile" >&2 || true
    return 1
  fi
}

apt_install() {   # apt_install <logfile> <package>...
  local logfile="$1"; shift
  [ "$(id -u)" = 0 ] || die "installing packages needs root (missing: $*)"
  command -v apt-get >/dev/null || die "apt-get not found (missing: $*)"
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install $*"
  if ! apt-get install -y -q --no-install-recommends "$@" >>"$logfile" 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    run_logged "$logfile" apt-get update -q
    run_logged "$logfile" apt-get install -y -q --no-install-recommends "$@"
  fi
}

# The Debian mirror of this machine, read from its apt configuration (never hard-coded).
debian_mirror() {
  local f=/etc/apt/sources.list.d/debian.sources m=""
  [ -r "$f" ] && m="$(awk '/^URIs:/{print $2; exit}' "$f")"
  if [ -z "$m" ] && [ -r /etc/apt/sources.list ]; then
    m="$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)"
  fi
  [ -n "$m" ] || die "cannot read the Debian mirror from the apt configuration"
  echo "$m"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL 15 + pgvector (built from Debian trixie's source package against PG 15)
# ---------------------------------------------------------------------------------------------
PG_VERSION_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION_MAJOR/bin"
PG_PORT="${AGENTDB_PG_PORT:-15432}"
PG_DIR="$WORK/pg"            # owned by the postgres user; also the Unix socket directory
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/server.log"
PG_DB=agentdb

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user; otherwise as the
# current user (who then owns $PG_DIR). 9>&-: the server must not inherit the script's lock.
pg_as_postgres() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@" 9>&-); else (cd / && "$@" 9>&-); fi
}

pgvector_installed() {
  [ -x "$PG_BIN/pg_config" ] && [ -f "$("$PG_BIN/pg_config" --sharedir)/extension/vector.control" ]
}

postgres_install() {
  local logfile="$LOGS/postgres-install.log"
  echo "=== $(date -u +%FT%TZ) install postgres" >>"$logfile"
  if [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/pg_config" ] && command -v make >/dev/null && command -v gcc >/dev/null \
     && [ -f "$("$PG_BIN/pg_config" --includedir-server)/postgres.h" ]; then
    log "postgres: PostgreSQL $PG_VERSION_MAJOR, its server headers and build tools already installed"
  else
    apt_install "$logfile" "postgresql-$PG_VERSION_MAJOR" "postgresql-server-dev-$PG_VERSION_MAJOR" make gcc
  fi
  if pgvector_installed; then
    log "postgres: pgvector already installed ($("$PG_BIN/pg_config" --sharedir)/extension/vector.control)"
    return 0
  fi
  # Private apt source list (deb-src trixie) with its own lists folder: the system's apt sources,
  # lists and caches are not touched.
  local a="$WORK/src/aptsrc" src="$WORK/src"
  mkdir -p "$a/lists/partial" "$a/parts"
  echo "deb-src $(debian_mirror) trixie main" >"$a/sources.list"
  local o=(-o "Dir::Etc::SourceList=$a/sources.list" -o "Dir::Etc::SourceParts=$a/parts"
           -o "Dir::State::Lists=$a/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
           -o "APT::Sandbox::User=root")
  log "postgres: downloading the pgvector source package (Debian trixie, private apt list)"
  run_logged "$logfile" apt-get "${o[@]}" -q update
  rm -f "$src"/pgvector_*
  (cd "$src" && run_logged "$logfile" apt-get "${o[@]}" -q source --download-only pgvector)
  local tarball
  tarball="$(ls "$src"/pgvector_*.orig.tar.* 2>/dev/null | head -1)"
  [ -n "$tarball" ] || die "pgvector source tarball not found in $src (see $logfile)"
  rm -rf "$src/pgvector" && mkdir -p "$src/pgvector"
  run_logged "$logfile" tar -xf "$tarball" -C "$src/pgvector" --strip-components=1
  log "postgres: building pgvector from $(basename "$tarball")"
  run_logged "$logfile" make -C "$src/pgvector" -j"$(nproc)" PG_CONFIG="$PG_BIN/pg_config"
  run_logged "$logfile" make -C "$src/pgvector" install PG_CONFIG="$PG_BIN/pg_config"
  pgvector_installed || die "pgvector install finished but vector.control is missing (see $logfile)"
  log "postgres: pgvector installed"
}

postgres_running() {   # our server is up: its pid file is in our data dir and it answers
  [ -f "$PG_DATA/postmaster.pid" ] && pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 \
    && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2
}

pg_psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

postgres_fail() { log "ERROR: $*"; log "---- last lines of $PG_LOG ----"; tail -n 40 "$PG_LOG" >&2 2>/dev/null || true; exit 1; }

postgres_start() {
  [ -x "$PG_BIN/pg_ctl" ] || die "postgres: PostgreSQL $PG_VERSION_MAJOR is not installed (run: $0 install postgres)"
  pgvector_installed || die "postgres: pgvector is not installed (run: $0 install postgres)"
  if postgres_running; then
    log "postgres: already running on 127.0.0.1:$PG_PORT (data $PG_DATA)"
  else
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1; then
      die "postgres: port $PG_PORT is used by a server this script did not start (set AGENTDB_PG_PORT)"
    fi
    if [ "$(id -u)" = 0 ]; then install -d -m 755 -o postgres -g postgres "$PG_DIR"; else install -d -m 755 "$PG_DIR"; fi
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      log "postgres: initdb $PG_DATA"
      rm -rf "$PG_DATA"
      run_logged "$LOGS/postgres-start.log" pg_as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres \
        --auth=trust -E UTF8 --locale=C.UTF-8
    fi
    local opts="-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200"
    if [ "${AGENTDB_PG_FAST:-1}" = 1 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"   # tests only: not crash-safe
    fi
    log "postgres: starting on 127.0.0.1:$PG_PORT (fast=${AGENTDB_PG_FAST:-1})"
    pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "$opts" start >>"$LOGS/postgres-start.log" 2>&1 \
      || postgres_fail "postgres: pg_ctl start failed"
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 30 || postgres_fail "postgres: server not ready after 30 s"
  fi
  if [ "$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != 1 ]; then
    pg_psql -d postgres -c "CREATE DATABASE $PG_DB" >>"$LOGS/postgres-start.log" 2>&1 \
      || postgres_fail "postgres: CREATE DATABASE $PG_DB failed"
  fi
  [ "$(pg_psql -d "$PG_DB" -tAc "SELECT 1 FROM pg_available_extensions WHERE name='vector'")" = 1 ] \
    || postgres_fail "postgres: the server does not see the vector extension"
  log "postgres: ready: $(postgres_url)"
}

postgres_stop() {
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    log "postgres: stopping (data $PG_DATA)"
    pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >>"$LOGS/postgres-stop.log" 2>&1 \
      || postgres_fail "postgres: pg_ctl stop failed"
  else
    log "postgres: not running"
  fi
}

postgres_status() { if postgres_running; then echo running; else echo stopped; fi; }

postgres_url() { echo "postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB"; }

postgres_env() { if postgres_running; then echo "export AGENTDB_TEST_POSTGRES_URL=$(postgres_url)"; fi; }

# ---------------------------------------------------------------------------------------------
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

main() {
  [ $# -ge 1 ] && [ $# -le 2 ] || usage
  local verb="$1" target="${2:-all}" b
  if [ "$verb" = list ]; then echo "${BACKENDS[*]}"; return 0; fi
  case "$verb" in install|start|stop|status|env) ;; *) usage ;; esac
  local targets=()
  if [ "$target" = all ]; then
    targets=("${BACKENDS[@]}")
  else
    for b in "${BACKENDS[@]}"; do [ "$b" = "$target" ] && targets=("$b"); done
    [ ${#targets[@]} = 1 ] || die "unknown backend '$target' (known: ${BACKENDS[*]} all)"
  fi
  install -d -m 755 "$WORK" "$LOGS" "$WORK/src"
  # One invocation at a time per work folder (env/status only read, so they need no lock).
  if [ "$verb" != env ] && [ "$verb" != status ]; then
    exec 9>"$WORK/.lock"
    flock -w 600 9 || die "another backends.sh holds $WORK/.lock"
  fi
  for b in "${targets[@]}"; do
    if [ "$verb" = status ]; then echo "$b: $("${b}_status")"; else "${b}_${verb}"; fi
  done
}

main "$@"
