#!/usr/bin/env bash
# Real database servers for the integration tests, without Docker (see /work/shared/BACKENDS.md).
#
#   scripts/backends.sh install|start|stop|status|env [postgres|mariadb|mariadb11|mongodb|d1|all]   (default: all)
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
# servers' own logs (PostgreSQL: $WORK/pg/server.log; MariaDB: $WORK/mariadb/err.log,
# $WORK/mariadb11/run/err.log); on failure their tail is printed.
#
# Backends:
#   postgres   PostgreSQL 15 (Debian 12) + pgvector built from Debian trixie's source package, port 15432
#   mariadb    MariaDB 10.11 (Debian 12's mariadb-server; no VECTOR type), port 13306
#   mariadb11  MariaDB 11.8 LTS (VECTOR, VECTOR INDEX): Debian trixie's mariadb-server-core and
#              mariadb-client-core with the libraries they need, unpacked into $WORK/mariadb11/root and
#              run through that folder's own dynamic loader; nothing is installed into the system
#              (apt only downloads, with a private source list). Port 13307
#   mongodb    a MongoDB wire-protocol stand-in, not a real mongod (none can be installed here; see
#              /work/shared/BACKENDS.md): mongo-java-server's memory backend (data lives until it
#              stops), run by scripts/mongodb/MongoStandIn.java as a single-file source program on
#              jars copied by `mvnw -f scripts/mongodb/pom.xml dependency:copy-dependencies` (so it
#              starts before Maven builds the project). Standalone: no transactions. Port 27018
#   d1         a local stand-in for Cloudflare D1's REST API: scripts/d1/emulator.mjs (Node.js) in front
#              of Miniflare's workerd with real D1 bindings (scripts/d1/worker.mjs); Miniflare from the
#              npm registry (`npm ci` on scripts/d1/package-lock.json into $WORK/d1). Port 18787;
#              `env` also exports CLOUDFLARE_API_TOKEN, the emulator's token
# Both MariaDB servers run as the system user mysql (created when missing), with a database
# `agentdb` and a user agent/agentpw that may create databases (the kit makes one per test).
#
# Settings (environment):
#   AGENTDB_BACKENDS_DIR  work folder (see above)
#   AGENTDB_PG_PORT       PostgreSQL port (default 15432)
#   AGENTDB_PG_FAST       1 (default): start PostgreSQL with fsync=off, synchronous_commit=off for
#                         speed. Crash durability is then NOT guaranteed: durability tests must run
#                         with AGENTDB_PG_FAST=0 (the server defaults). Applied at each start.
#   AGENTDB_MARIADB_PORT, AGENTDB_MARIADB11_PORT   MariaDB ports (default 13306, 13307)
#   AGENTDB_MONGODB_PORT  the MongoDB stand-in's port (default 27018)
#   AGENTDB_D1_PORT       the D1 emulator's port (default 18787)
#   AGENTDB_MARIADB_FAST  1 (default): start both MariaDB servers with innodb_flush_log_at_trx_commit=2
#                         (a commit survives a server crash, not an OS crash); 0 for the defaults.
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
BACKENDS=(postgres mariadb mariadb11 mongodb d1)   # dispatch table: every name here has the five functions below

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
# MariaDB: shared by 10.11 (Debian 12's package) and 11.8 (unpacked from Debian trixie)
# ---------------------------------------------------------------------------------------------
MARIADB_DB=agentdb
MARIADB_USER=agent
MARIADB_PASSWORD=agentpw

# Both servers run as the system user mysql (Debian's mariadb-server creates it; created here when
# the 11.8 server is installed alone). 9>&-: the server must not inherit the script's lock.
ensure_mysql_user() {
  id mysql >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "the system user 'mysql' is missing and only root can create it"
  log "creating the system user mysql"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin mysql
}

as_mysql() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u mysql -- "$@" 9>&-); else (cd / && "$@" 9>&-); fi
}

mysql_dir() {   # mysql_dir <folder>...: folders the server (user mysql) owns
  if [ "$(id -u)" = 0 ]; then install -d -m 755 -o mysql -g mysql "$@"; else install -d -m 755 "$@"; fi
}

# pid_alive <pidfile>: the process named in the pid file exists
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# mariadb_answers <client...> <port> [user]: `SELECT 1` over TCP succeeds (mariadb-admin ping
# reports success on authentication errors, so it is not used)
mariadb_answers() {
  local port="${@: -1}" n=$(($# - 1))
  "${@:1:$n}" --no-defaults --protocol=tcp -h127.0.0.1 -P"$port" -uroot -e 'SELECT 1' >/dev/null 2>&1
}

# mariadb_launch <name> <pidfile> <errlog> <port> <client command...> -- <server command...>
# Starts the server detached (setsid), waits until it answers as root over TCP (60 s), creates the
# test database and user. Idempotent: a running server of ours is left alone.
mariadb_launch() {
  local name="$1" pidfile="$2" errlog="$3" port="$4"; shift 4
  local client=() server=()
  while [ "$1" != -- ]; do client+=("$1"); shift; done; shift
  server=("$@")
  if pid_alive "$pidfile" && mariadb_answers "${client[@]}" "$port"; then
    log "$name: already running on 127.0.0.1:$port"
  else
    if mariadb_answers "${client[@]}" "$port" || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "$name: port $port is used by a server this script did not start (set AGENTDB_$(echo "$name" | tr '[:lower:]' '[:upper:]')_PORT)"
    fi
    rm -f "$pidfile"
    local fast=()
    [ "${AGENTDB_MARIADB_FAST:-1}" = 1 ] && fast=(--innodb-flush-log-at-trx-commit=2)
    log "$name: starting on 127.0.0.1:$port (fast=${AGENTDB_MARIADB_FAST:-1})"
    # Detached (own session), holding none of this script's descriptors (its output pipe, the lock).
    if [ "$(id -u)" = 0 ]; then
      (cd / && exec setsid runuser -u mysql -- "${server[@]}" "${fast[@]}") </dev/null >/dev/null 2>&1 9>&- &
    else
      (cd / && exec setsid "${server[@]}" "${fast[@]}") </dev/null >/dev/null 2>&1 9>&- &
    fi
    local i
    for ((i = 0; i < 600; i++)); do
      mariadb_answers "${client[@]}" "$port" && break
      if [ $i -gt 20 ] && ! pid_alive "$pidfile" && ! pgrep -u mysql -f -- "--port=$port" >/dev/null; then
        break
      fi
      sleep 0.1
    done
    if ! mariadb_answers "${client[@]}" "$port"; then
      log "ERROR: $name: the server did not answer on 127.0.0.1:$port within 60 s"
      log "---- last lines of $errlog ----"; tail -n 40 "$errlog" >&2 2>/dev/null || true
      exit 1
    fi
  fi
  "${client[@]}" --no-defaults --protocol=tcp -h127.0.0.1 -P"$port" -uroot -e \
    "CREATE DATABASE IF NOT EXISTS $MARIADB_DB CHARACTER SET utf8mb4;
     CREATE USER IF NOT EXISTS '$MARIADB_USER'@'%' IDENTIFIED BY '$MARIADB_PASSWORD';
     GRANT ALL ON *.* TO '$MARIADB_USER'@'%';" >>"$LOGS/$name-start.log" 2>&1 \
    || { log "ERROR: $name: creating the test database and user failed"; tail -n 20 "$LOGS/$name-start.log" >&2; exit 1; }
  log "$name: ready: $("${name}_url")"
}

# mariadb_halt <name> <pidfile>: stops the server of that pid file and waits (60 s) until it exited
mariadb_halt() {
  local name="$1" pidfile="$2" pid i
  if ! pid_alive "$pidfile"; then
    log "$name: not running"
    rm -f "$pidfile"
    return 0
  fi
  pid="$(cat "$pidfile")"
  log "$name: stopping (pid $pid)"
  kill "$pid"
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.1
  done
  die "$name: pid $pid did not exit within 60 s"
}

# The options both servers share: loopback only, the test port, utf8mb4, enough connections for the
# kit (a pool of 10 per open database, several open at once).
mariadb_common_options() {   # <datadir> <rundir> <port>
  echo "--datadir=$1 --socket=$2/sock --pid-file=$2/pid --bind-address=127.0.0.1 --port=$3 --skip-name-resolve"
  echo "--log-error=$2/err.log --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --max-connections=500"
}

# ---------------------------------------------------------------------------------------------
# MariaDB 10.11 (Debian 12's mariadb-server; no VECTOR type: the in-house index path)
# ---------------------------------------------------------------------------------------------
MARIADB_PORT="${AGENTDB_MARIADB_PORT:-13306}"
MARIADB_DIR="$WORK/mariadb"            # data/, pid, sock, err.log; owned by mysql

mariadb_install() {
  local logfile="$LOGS/mariadb-install.log"
  echo "=== $(date -u +%FT%TZ) install mariadb" >>"$logfile"
  if [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null && command -v mariadb >/dev/null; then
    log "mariadb: MariaDB $(/usr/sbin/mariadbd --version 2>/dev/null | awk '{print $3}') already installed"
    return 0
  fi
  apt_install "$logfile" mariadb-server   # Debian 12: 10.11; starts no service in a container
  [ -x /usr/sbin/mariadbd ] || die "mariadb: mariadb-server installed but /usr/sbin/mariadbd is missing (see $logfile)"
  log "mariadb: installed $(/usr/sbin/mariadbd --version | awk '{print $3}')"
}

mariadb_start() {
  [ -x /usr/sbin/mariadbd ] || die "mariadb: MariaDB is not installed (run: $0 install mariadb)"
  ensure_mysql_user
  mysql_dir "$MARIADB_DIR"
  if [ ! -d "$MARIADB_DIR/data/mysql" ]; then
    log "mariadb: initialising $MARIADB_DIR/data"
    rm -rf "$MARIADB_DIR/data"
    run_logged "$LOGS/mariadb-start.log" as_mysql mariadb-install-db --no-defaults --user=mysql --datadir="$MARIADB_DIR/data" \
      --auth-root-authentication-method=normal --skip-test-db
  fi
  # shellcheck disable=SC2046
  mariadb_launch mariadb "$MARIADB_DIR/pid" "$MARIADB_DIR/err.log" "$MARIADB_PORT" mariadb -- \
    /usr/sbin/mariadbd --no-defaults $(mariadb_common_options "$MARIADB_DIR/data" "$MARIADB_DIR" "$MARIADB_PORT")
}

mariadb_stop() { mariadb_halt mariadb "$MARIADB_DIR/pid"; }

mariadb_running() { pid_alive "$MARIADB_DIR/pid" && [ -x /usr/bin/mariadb ] && mariadb_answers mariadb "$MARIADB_PORT"; }

mariadb_status() { if mariadb_running; then echo running; else echo stopped; fi; }

mariadb_url() { echo "mariadb://$MARIADB_USER:$MARIADB_PASSWORD@127.0.0.1:$MARIADB_PORT/$MARIADB_DB"; }

mariadb_env() { if mariadb_running; then echo "export AGENTDB_TEST_MARIADB_URL=$(mariadb_url)"; fi; }

# ---------------------------------------------------------------------------------------------
# MariaDB 11.8 LTS (VECTOR, VECTOR INDEX), unpacked from Debian trixie's packages into the work folder
# ---------------------------------------------------------------------------------------------
MARIADB11_PORT="${AGENTDB_MARIADB11_PORT:-13307}"
MARIADB11_DIR="$WORK/mariadb11"
MARIADB11_ROOT="$MARIADB11_DIR/root"   # the unpacked packages (usr/sbin/mariadbd, their libc and loader)
MARIADB11_DATA="$MARIADB11_DIR/data"   # owned by mysql
MARIADB11_RUN="$MARIADB11_DIR/run"     # pid, sock, err.log; owned by mysql
# The server and client packages and every library they load: trixie's libc comes along, and the
# programs run through its own loader, so the system's libraries are never used or changed.
MARIADB11_DEBS=(mariadb-server-core mariadb-client-core libc6 libstdc++6 libgcc-s1 libssl3t64 libaio1t64 liburing2
  libpcre2-8-0 libsystemd0 libnuma1 libcrypt1 zlib1g libcap2 libzstd1 liblz4-1)

mariadb11_loader() {   # the command prefix that runs a program of the unpacked tree
  local lib="$MARIADB11_ROOT/usr/lib/x86_64-linux-gnu"
  echo "$lib/ld-linux-x86-64.so.2 --library-path $lib"
}

mariadb11_client() { echo "$(mariadb11_loader) $MARIADB11_ROOT/usr/bin/mariadb"; }

mariadb11_server() {
  echo "$(mariadb11_loader) $MARIADB11_ROOT/usr/sbin/mariadbd --no-defaults --basedir=$MARIADB11_ROOT/usr" \
       "--lc-messages-dir=$MARIADB11_ROOT/usr/share/mariadb --plugin-dir=$MARIADB11_ROOT/usr/lib/mysql/plugin"
}

mariadb11_installed() {
  [ -x "$MARIADB11_ROOT/usr/sbin/mariadbd" ] && $(mariadb11_server) --version 2>/dev/null | grep -q ' 11\.8\.'
}

mariadb11_install() {
  local logfile="$LOGS/mariadb11-install.log"
  echo "=== $(date -u +%FT%TZ) install mariadb11" >>"$logfile"
  if mariadb11_installed; then
    log "mariadb11: $($(mariadb11_server) --version | awk '{print $3}') already unpacked in $MARIADB11_ROOT"
    return 0
  fi
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "mariadb11: apt-get and dpkg-deb are needed"
  # Private binary source list for trixie with its own lists and cache: the system's apt sources,
  # lists and caches are not touched, and nothing is installed (download only).
  local a="$WORK/src/apt-trixie" debs="$WORK/src/mariadb11-debs"
  mkdir -p "$a/lists/partial" "$a/parts" "$a/cache/archives/partial"
  echo "deb $(debian_mirror) trixie main" >"$a/sources.list"
  local o=(-o "Dir::Etc::SourceList=$a/sources.list" -o "Dir::Etc::SourceParts=$a/parts" -o "Dir::State::Lists=$a/lists"
           -o "Dir::Cache=$a/cache" -o "APT::Sandbox::User=root")
  log "mariadb11: downloading MariaDB 11.8 and its libraries (Debian trixie, private apt list, nothing installed)"
  run_logged "$logfile" apt-get "${o[@]}" -q update
  rm -rf "$debs" && mkdir -p "$debs"
  (cd "$debs" && run_logged "$logfile" apt-get "${o[@]}" -q download "${MARIADB11_DEBS[@]}")
  rm -rf "$MARIADB11_ROOT" && mkdir -p "$MARIADB11_ROOT"
  local d
  for d in "$debs"/*.deb; do run_logged "$logfile" dpkg-deb -x "$d" "$MARIADB11_ROOT"; done
  mariadb11_installed || die "mariadb11: unpacked, but $MARIADB11_ROOT/usr/sbin/mariadbd does not run as 11.8 (see $logfile)"
  chmod -R a+rX "$MARIADB11_ROOT"
  log "mariadb11: $($(mariadb11_server) --version | awk '{print $3}') unpacked in $MARIADB11_ROOT"
}

mariadb11_start() {
  mariadb11_installed || die "mariadb11: MariaDB 11.8 is not unpacked (run: $0 install mariadb11)"
  ensure_mysql_user
  mysql_dir "$MARIADB11_DIR" "$MARIADB11_RUN"
  if [ ! -d "$MARIADB11_DATA/mysql" ]; then
    log "mariadb11: bootstrapping $MARIADB11_DATA"
    rm -rf "$MARIADB11_DATA" && mysql_dir "$MARIADB11_DATA"
    local s="$MARIADB11_ROOT/usr/share/mariadb"
    # one statement a line: the bootstrap refuses `create database mysql; use mysql;` on one line
    # shellcheck disable=SC2046
    if ! (printf 'create database if not exists mysql;\nuse mysql;\n'; cat "$s/mariadb_system_tables.sql" \
          "$s/mariadb_performance_tables.sql" "$s/mariadb_system_tables_data.sql") \
        | as_mysql $(mariadb11_server) --bootstrap --datadir="$MARIADB11_DATA" >>"$LOGS/mariadb11-start.log" 2>&1; then
      rm -rf "$MARIADB11_DATA"
      log "ERROR: mariadb11: bootstrap failed"; tail -n 30 "$LOGS/mariadb11-start.log" >&2; exit 1
    fi
  fi
  # shellcheck disable=SC2046
  mariadb_launch mariadb11 "$MARIADB11_RUN/pid" "$MARIADB11_RUN/err.log" "$MARIADB11_PORT" $(mariadb11_client) -- \
    $(mariadb11_server) $(mariadb_common_options "$MARIADB11_DATA" "$MARIADB11_RUN" "$MARIADB11_PORT")
}

mariadb11_stop() { mariadb_halt mariadb11 "$MARIADB11_RUN/pid"; }

# shellcheck disable=SC2046
mariadb11_running() { pid_alive "$MARIADB11_RUN/pid" && mariadb11_installed && mariadb_answers $(mariadb11_client) "$MARIADB11_PORT"; }

mariadb11_status() { if mariadb11_running; then echo running; else echo stopped; fi; }

mariadb11_url() { echo "mariadb://$MARIADB_USER:$MARIADB_PASSWORD@127.0.0.1:$MARIADB11_PORT/$MARIADB_DB"; }

mariadb11_env() { if mariadb11_running; then echo "export AGENTDB_TEST_MARIADB11_URL=$(mariadb11_url)"; fi; }

# ---------------------------------------------------------------------------------------------
# mongodb: the mongo-java-server stand-in (memory backend) as a plain java process of this user
MONGODB_PORT="${AGENTDB_MONGODB_PORT:-27018}"
MONGODB_DIR="$WORK/mongodb"
MONGODB_LOG="$MONGODB_DIR/server.log"

mongodb_java() { if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

mongodb_installed() { ls "$MONGODB_DIR/lib"/mongo-java-server-core-*.jar >/dev/null 2>&1; }

mongodb_install() {
  if mongodb_installed; then return 0; fi
  install -d -m 755 "$MONGODB_DIR/lib"
  local logfile="$LOGS/mongodb-install.log"
  log "mongodb: copying the stand-in server's jars into $MONGODB_DIR/lib (log: $logfile)"
  # offline first (the jars are usually in ~/.m2 already), else let Maven download them
  "$REPO/mvnw" -B -ntp -q -o -f "$REPO/scripts/mongodb/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$MONGODB_DIR/lib" -DincludeScope=runtime >>"$logfile" 2>&1 \
    || run_logged "$logfile" "$REPO/mvnw" -B -ntp -q -f "$REPO/scripts/mongodb/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$MONGODB_DIR/lib" -DincludeScope=runtime
}

mongodb_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$MONGODB_PORT") 2>/dev/null; }

mongodb_running() { pid_alive "$MONGODB_DIR/pid" && mongodb_answers; }

mongodb_start() {
  if mongodb_running; then log "mongodb: already running on port $MONGODB_PORT"; return 0; fi
  mongodb_installed || die "mongodb: not installed; run: scripts/backends.sh install mongodb"
  if mongodb_answers; then die "mongodb: port $MONGODB_PORT is taken by another process; set AGENTDB_MONGODB_PORT"; fi
  install -d -m 755 "$MONGODB_DIR"
  log "mongodb: starting the mongo-java-server stand-in on 127.0.0.1:$MONGODB_PORT (log: $MONGODB_LOG)"
  nohup "$(mongodb_java)" -Xmx1g -cp "$MONGODB_DIR/lib/*" "$REPO/scripts/mongodb/MongoStandIn.java" "$MONGODB_PORT" \
      >>"$MONGODB_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$MONGODB_DIR/pid"
  local i
  for i in $(seq 1 120); do
    if mongodb_answers; then return 0; fi
    pid_alive "$MONGODB_DIR/pid" || break
    sleep 0.5
  done
  log "ERROR: mongodb: the stand-in did not start"; tail -n 30 "$MONGODB_LOG" >&2 || true
  return 1
}

mongodb_stop() {
  if pid_alive "$MONGODB_DIR/pid"; then
    local pid; pid="$(cat "$MONGODB_DIR/pid")"
    log "mongodb: stopping the stand-in (pid $pid)"
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$MONGODB_DIR/pid"
}

mongodb_status() { if mongodb_running; then echo running; else echo stopped; fi; }

mongodb_url() { echo "mongodb://127.0.0.1:$MONGODB_PORT/agentdb"; }

mongodb_env() { if mongodb_running; then echo "export AGENTDB_TEST_MONGODB_URL=$(mongodb_url)"; fi; }

# ---------------------------------------------------------------------------------------------
# d1: the D1 REST API emulator (Node.js + Miniflare) as a plain process of this user
D1_PORT="${AGENTDB_D1_PORT:-18787}"
D1_DIR="$WORK/d1"
D1_LOG="$D1_DIR/server.log"
D1_ACCOUNT="0123456789abcdef0123456789abcdef"   # the emulator's defaults (scripts/d1/emulator.mjs)
D1_TOKEN="agentdb-emulator-token"
D1_DATABASE="00000000-0000-4000-8000-000000000001"

d1_installed() {
  [ -x "$D1_DIR/node_modules/.bin/workerd" ] && cmp -s "$REPO/scripts/d1/package-lock.json" "$D1_DIR/package-lock.json"
}

d1_install() {
  if d1_installed; then return 0; fi
  command -v node >/dev/null && command -v npm >/dev/null \
    || die "d1: Node.js and npm are needed (Miniflare runs on Node.js 20+)"
  install -d -m 755 "$D1_DIR"
  cp "$REPO/scripts/d1/package.json" "$REPO/scripts/d1/package-lock.json" "$D1_DIR/"
  local logfile="$LOGS/d1-install.log"
  log "d1: installing Miniflare from the npm registry into $D1_DIR (log: $logfile)"
  (cd "$D1_DIR" && run_logged "$logfile" npm ci --no-audit --no-fund)
}

d1_answers() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$D1_PORT/__emulator/stats"; }

d1_running() { pid_alive "$D1_DIR/pid" && d1_answers; }

d1_start() {
  if d1_running; then log "d1: already running on port $D1_PORT"; return 0; fi
  d1_installed || die "d1: not installed; run: scripts/backends.sh install d1"
  if d1_answers; then die "d1: port $D1_PORT is taken by another process; set AGENTDB_D1_PORT"; fi
  # the scripts run from the install folder, where their imports (miniflare) resolve
  cp "$REPO/scripts/d1/emulator.mjs" "$REPO/scripts/d1/worker.mjs" "$D1_DIR/"
  log "d1: starting the D1 emulator on 127.0.0.1:$D1_PORT (log: $D1_LOG)"
  # run from there too: Miniflare resolves the Worker's module path against the working directory
  (cd "$D1_DIR" && AGENTDB_D1_PORT="$D1_PORT" AGENTDB_D1_TOKEN="$D1_TOKEN" AGENTDB_D1_ACCOUNT="$D1_ACCOUNT" \
    exec nohup node "$D1_DIR/emulator.mjs" >>"$D1_LOG" 2>&1 </dev/null 9>&-) &
  echo $! >"$D1_DIR/pid"
  local i
  for i in $(seq 1 120); do
    if d1_answers; then return 0; fi
    pid_alive "$D1_DIR/pid" || break
    sleep 0.5
  done
  log "ERROR: d1: the emulator did not start"; tail -n 30 "$D1_LOG" >&2 || true
  return 1
}

d1_stop() {
  if pid_alive "$D1_DIR/pid"; then
    local pid; pid="$(cat "$D1_DIR/pid")"
    log "d1: stopping the emulator (pid $pid)"
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$D1_DIR/pid"
}

d1_status() { if d1_running; then echo running; else echo stopped; fi; }

d1_url() { echo "d1://$D1_ACCOUNT/$D1_DATABASE?endpoint=http://127.0.0.1:$D1_PORT"; }

d1_env() {
  if d1_running; then
    echo "export AGENTDB_TEST_D1_URL='$(d1_url)'"
    echo "export CLOUDFLARE_API_TOKEN=$D1_TOKEN"
  fi
}

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
