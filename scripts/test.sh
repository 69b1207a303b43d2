#!/usr/bin/env bash
# The project's test command (README "Run the tests"): installs what the tests need, starts the
# real database servers (scripts/backends.sh), builds and runs every module's unit tests (*Test,
# surefire) and integration tests (*IT, failsafe) on the default JDK and again on each extra JDK
# present (see below), then stops the servers it started, also when a step fails.
#
#   scripts/test.sh [extra Maven arguments]
#
# Needs: a JDK 17+; root + apt-get on Debian 12 to install what is missing (the Debian package
# dataset-fashion-mnist, PostgreSQL 15 + pgvector, MariaDB 10.11, MariaDB 11.8 unpacked from trixie, the MongoDB
# wire-protocol stand-in mongo-java-server, whose jars Maven fetches; Node.js 20+ and npm for the Cloudflare D1
# emulator, whose Miniflare npm installs). Whatever cannot be installed or started is
# reported and its tests skip with a message, except under CI=true, where the run fails.
#
# Settings (environment):
#   AGENTDB_TEST_BACKENDS       servers to start (default: all of `scripts/backends.sh list`; "" for none)
#   AGENTDB_TEST_<NAME>_URL     already set: that server is used as is, nothing is started for it
#   AGENTDB_TEST_EXTRA_JDKS     JDKs of the extra passes (default: the Temurin 25 of these machines)
#   AGENTDB_BACKENDS_DIR, AGENTDB_PG_PORT, AGENTDB_PG_FAST   see scripts/backends.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ci() { [ "$(printf '%s' "${CI:-}" | tr '[:upper:]' '[:lower:]')" = true ]; }

DATASET_DIR=/usr/share/datasets/fashion-mnist
if [ ! -d "$DATASET_DIR" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing dataset-fashion-mnist (Debian package)"
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null
  else
    echo "test.sh: $DATASET_DIR is absent and cannot be installed here (need root + apt-get);" \
         "tests that need Fashion-MNIST will skip (or fail under CI=true)" >&2
  fi
fi

# Real servers: install and start each backend, export its AGENTDB_TEST_<NAME>_URL for Maven
# (surefire and failsafe inherit the environment), stop on exit what this run started.
STARTED=()
stop_servers() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    scripts/backends.sh stop "${STARTED[$i]}" || echo "test.sh: stopping ${STARTED[$i]} failed" >&2
  done
  exit "$rc"
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for backend in ${AGENTDB_TEST_BACKENDS-$(scripts/backends.sh list)}; do
  var="AGENTDB_TEST_$(printf '%s' "$backend" | tr '[:lower:]' '[:upper:]')_URL"
  if [ -n "${!var:-}" ]; then
    echo "test.sh: $var is set; using that $backend server, starting none"
    continue
  fi
  was_running=false
  [ "$(scripts/backends.sh status "$backend" 2>/dev/null)" = "$backend: running" ] && was_running=true
  if scripts/backends.sh install "$backend" && scripts/backends.sh start "$backend"; then
    $was_running || STARTED+=("$backend")
    eval "$(scripts/backends.sh env "$backend")"
    echo "test.sh: $var=${!var:-}"
  elif ci; then
    echo "test.sh: ERROR: the $backend server could not be installed or started (see above); CI=true requires it" >&2
    exit 1
  else
    echo "test.sh: WARNING: the $backend server could not be installed or started (see above);" \
         "its tests will be SKIPPED. Retry with: scripts/backends.sh install $backend && scripts/backends.sh start $backend" >&2
  fi
done

# Also javadoc (doclint=all, root pom): every public type and member documented. Any doclint warning
# (`File.java:N: warning:`) fails the run; failOnWarnings cannot be used, as javadoc also warns that
# the incubating Vector API module is in use.
build_log=$(mktemp)
./mvnw -B -ntp verify javadoc:javadoc "$@" 2>&1 | tee "$build_log"   # a failure ends the script (pipefail)
# (sun.misc.Signal in StopSignals, Ctrl-C/SIGTERM handling of migrate, is deliberate: not a doc gap)
if grep -E '\.java:[0-9]+: warning:' "$build_log" | grep -v 'is internal proprietary API'; then
  echo "test.sh: ERROR: Javadoc warnings (listed above): document every public type and member" >&2
  exit 1
fi

# The baseline is Java 17; the build must also compile and pass on newer JDKs. Each JDK listed in
# AGENTDB_TEST_EXTRA_JDKS (default: the Temurin 25 these machines ship) that exists builds everything
# again and runs every unit test and the fast integration tests, against the same servers. Each
# backend's compatibility kit, LangChain4j's and Spring AI's store kits, the crash checks and the long
# migrate/import ITs (kills, outages, memory) run once, on the default JDK above: what they test is
# the backend, not the JDK. The JDK's own concerns (the Vector API kernels, the HNSW index, the
# engine) are in the unit tests and in FashionMnistBarIT, which run here too.
EXTRA_JDK_ITS='*IT,!*CompatibilityIT,!Mariadb11ConnectorJIT,!D1FaultsIT,!*Langchain4jKitIT,!*SpringAiKitIT,!*CrashIT,!MigrateCrashResumeIT,!MigrateMemoryIT,!MigrateOutageIT,!ImportInterruptIT'
for jdk in ${AGENTDB_TEST_EXTRA_JDKS-/usr/lib/jvm/temurin-25-jdk-amd64}; do
  if [ -x "$jdk/bin/java" ]; then
    echo "test.sh: building and testing again on $("$jdk/bin/java" -version 2>&1 | head -1) ($jdk), integration tests: $EXTRA_JDK_ITS"
    JAVA_HOME="$jdk" ./mvnw -B -ntp clean verify "-Dit.test=$EXTRA_JDK_ITS" -Dfailsafe.failIfNoSpecifiedTests=false "$@"
  else
    echo "test.sh: $jdk not found; skipping that JDK"
  fi
done
