#!/usr/bin/env bash
# The benchmark (issue 6): starts its own local stack on free ports, runs the scenarios, compares with the
# synchronous baseline, and writes bench/results/report.md plus the raw HdrHistogram output and charts.
#   ./bench/run.sh                 full run (about 30 minutes; run it on a quiet machine)
#   ./bench/run.sh --quick         smoke test: 5 s per scenario at low rates (results in bench/results/quick/)
#   ./bench/run.sh sweep           the rate sweep alone: max sustained webhooks/s with p99 < 50 ms (5-10 minutes)
#   ./bench/run.sh spike baseline-spike --spike-rate 300    chosen scenarios, other rates
# Scenarios: sweep steady spike spike-smtp-down spike-kafka-down baseline-steady baseline-spike
# Options:   --rate N (donations/s, 200) --spike-rate N (400) --mail-rate N (receipts/s, 50)
#            --email-share F (0.2) --pair-share F (0.5) --max-in-flight N (128)
#            --sweep-rates 25,50,100,150,200,250,300 (webhooks/s offered, one fixed-rate step each)
#            --sweep-step S (seconds per step, 20) --sweep-p99-ms N (the target, 50)
#            --out DIR (where report.md and the raw output go, default bench/results)
# Environment: BENCH_SERVICE_JVM="-Xms512m -Xmx512m" runs the services and the baseline on other JVM options
#            (default: the quick start's -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
# The sweep waits (at most 3 min) until the platform has caught up before each step, stops after two failing
# steps in a row, and holds the highest passing rate 60 s more to confirm it (--quick: rates 10,20, 3 s steps, 5 s).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh

if ! ./mvnw -q -B -o -DskipTests package -pl bench -am; then
  echo "Offline build failed; trying with the network..."
  ./mvnw -q -B -DskipTests package -pl bench -am
fi

export GIVING_HOME="$PWD"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "bench/target/classes:bench/target/lib/*" org.givingstream.bench.Main "$@"
