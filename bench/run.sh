#!/usr/bin/env bash
# The benchmark (issues 6 and 12): sweeps a do-nothing floor, then starts its own local stack on free ports, runs
# the scenarios, compares with the synchronous baseline, and writes bench/results/report.md plus the raw
# HdrHistogram output and charts. Its last line (stdout and report) is the headline, for scripts to grep:
#   max-sustained-webhooks-per-s: stack=<N> baseline=<M> ratio=<N/M> floor=<F> p99-ms=<target>
# (n/a: that sweep was not run; 0: it ran and no rate held.)
#
#   ./bench/run.sh headline        sweep + baseline-sweep + floor-sweep: the headline line (about 20-35 minutes)
#   ./bench/run.sh                 full run: every scenario below (about 60-90 minutes; run it on a quiet machine)
#   ./bench/run.sh --quick ...     smoke test: 5 s per scenario at low rates, sweeps of two 3 s steps (results in
#                                  bench/results/quick/ unless --out says otherwise)
#   ./bench/run.sh spike-2000 baseline-steady --rate 300    chosen scenarios, other rates
#
# Scenarios, in the order they run (whatever the order given):
#   floor-sweep       the rate sweep against a do-nothing Spring Boot webmvc endpoint (the services' Tomcat and
#                     Spring MVC, virtual threads, their JVM flags), alone on the machine with the generator, before
#                     the stack starts: the framework floor, what this machine and generator allow
#   floor-jdk-sweep   the same against the JDK's own HTTP server (the baseline's): the plain floor
#   sweep             the stack: the highest rate with webhook p99 < 50 ms, each step started clean (outbox, lags,
#                     receipts caught up), two failing steps in a row end it, the best then held 60 s to confirm
#   steady            200 donations/s for 60 s
#   spike-2000        0 to 2,000 webhooks/s in 1 s, held 30 s: accepted/s, p99, when totals and receipts are done
#   spike             0 to 400 donations/s in 1 s, held 30 s
#   spike-smtp-down   the spike with notification-service's SMTP cut for its whole length
#   spike-kafka-down  the spike with Kafka killed 5 s in and restarted 10 s later
#   baseline-sweep    the sweep against the synchronous monolith (services and Kafka stopped; same rates, steps,
#                     target and confirmation)
#   baseline-steady, baseline-spike   the steady and spike loads against the monolith
#   headline          stands for: sweep baseline-sweep floor-sweep
# Every scenario ends with its exact checks (totals = sent - refunds, one receipt each, no dead letters; a floor:
# every delivery read) and reports each JVM's CPU per accepted webhook, its idle cost taken off.
#
# Options:   --sweep-rates 100,250,500,750,1000,1500,2000,3000 (webhooks/s offered, one fixed-rate step each)
#            --sweep-step S (seconds per step, 20) --sweep-p99-ms N (the target, 50)
#            --rate N (donations/s, 200) --spike-rate N (donations/s, 400) --big-spike-rate N (webhooks/s of
#            spike-2000, 2000) --mail-rate N (receipts/s, 50) --email-share F (0.2) --pair-share F (0.5)
#            --max-in-flight N (connections and deliveries at once, 128)
#            --out DIR (where report.md and the raw output go, default bench/results)
# Environment: BENCH_SERVICE_JVM="-Xms512m -Xmx512m" runs the services, the baseline and the floors on other JVM
#            options (default: the local stack's: -Xmx384m -XX:+UseSerialGC, with -XX:TieredStopAtLevel=1 for the
#            services behind the log; the baseline and the floors get donation-service's, the front door's);
#            BENCH_DONATION_JVM="..." gives donation-service (and the baseline and floors) their own
# A sweep waits (at most 3 min) until the target has caught up before each step and measures each JVM's idle CPU
# for 5 s; a fixed scenario's CPU window runs at least 45 s past its load. --quick: rates 10,20, 3 s steps, 5 s
# confirmation, spike-2000 at 100/s, 1 s idle, 3 s tail.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh

if ! ./mvnw -q -B -o -DskipTests package -pl bench -am; then
  echo "Offline build failed; trying with the network..."
  ./mvnw -q -B -DskipTests package -pl bench -am
fi

export GIVING_HOME="$PWD"
# the generator holds each load's webhooks, signed, before the load starts (3,000/s for 60 s: 180,000)
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "bench/target/classes:bench/target/lib/*" org.givingstream.bench.Main "$@"
