#!/usr/bin/env bash
# Runs every test: each service's own tests and the end-to-end tests, on a real Kafka broker, the MongoDB
# wire-protocol server and a real SMTP server. Extra arguments go to Maven (e.g. ./test.sh -pl donation-service -am).
# -Dgiving.infra=containers runs the services' tests on real kafka and mongo images instead (needs Docker).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
exec ./mvnw -B verify "$@"
