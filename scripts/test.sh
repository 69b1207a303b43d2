#!/usr/bin/env bash
# The project's test command (README "Run the tests"): installs what the tests need, then builds
# and runs every module's unit tests (*Test, surefire) and integration tests (*IT, failsafe), on
# the default JDK and again on each extra JDK present (see below).
#
#   scripts/test.sh [extra Maven arguments]
#
# Needs: a JDK 17+ and, for the Fashion-MNIST tests, the Debian package dataset-fashion-mnist
# (installed here when absent and we are root; otherwise those tests skip with a message,
# except under CI=true, where they fail).
set -euo pipefail
cd "$(dirname "$0")/.."

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

./mvnw -B -ntp verify "$@"

# The baseline is Java 17; the build must also compile and pass on newer JDKs. Each JDK listed in
# AGENTDB_TEST_EXTRA_JDKS (default: the Temurin 25 these machines ship) that exists runs it all again.
for jdk in ${AGENTDB_TEST_EXTRA_JDKS-/usr/lib/jvm/temurin-25-jdk-amd64}; do
  if [ -x "$jdk/bin/java" ]; then
    echo "test.sh: building and testing again on $("$jdk/bin/java" -version 2>&1 | head -1) ($jdk)"
    JAVA_HOME="$jdk" ./mvnw -B -ntp clean verify "$@"
  else
    echo "test.sh: $jdk not found; skipping that JDK"
  fi
done
