#!/usr/bin/env bash
# Starts the whole platform on this machine: Kafka (KRaft), the MongoDB wire-protocol server, GreenMail, and the
# three services, each in its own JVM. Prints where to look; Ctrl-C stops everything.
#   ./run.sh          start the stack
#   ./run.sh --demo   start it, create "James's wish to walk" and send a burst of signed donations
#   ./run.sh --replicas 2   two instances of each service (same consumer groups, own ports); with --demo too
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

jars=(donation-service/target/donation-service-exec.jar campaign-service/target/campaign-service-exec.jar
      notification-service/target/notification-service-exec.jar local-stack/target/lib/kafka_2.13-4.1.2.jar
      local-stack/target/greenmail/greenmail-standalone.jar)
build=no
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ] || [ -n "$(find . -path ./.local-stack -prune -o \( -name '*.java' -o -name '*.yml' -o -name '*.html' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
    build=yes
  fi
done
if [ "$build" = yes ]; then
  echo "Building the services (./mvnw -DskipTests package)..."
  ./mvnw -q -B -DskipTests package
fi

export GIVING_HOME="$PWD"
exec "$JAVA_HOME/bin/java" -cp "local-stack/target/classes:local-stack/target/lib/*" \
  org.givingstream.localstack.LocalStack "$@"
