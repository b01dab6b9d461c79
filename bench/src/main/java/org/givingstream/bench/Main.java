package org.givingstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.HistogramLogWriter;
import org.givingstream.localstack.LocalStack;
import org.givingstream.localstack.StackConfig;
import org.givingstream.localstack.TcpProxy;

/**
 * The benchmark: runs the floors' sweeps first (a do-nothing endpoint alone in its JVM), then starts its own local
 * stack on free ports (so it can kill Kafka and cut SMTP), runs the stack's scenarios in order, then stops the
 * services and runs the same loads against the synchronous baseline, and writes the report, the raw HdrHistogram
 * output and a chart per scenario under {@code bench/results/}; the report's and stdout's last line is the headline.
 *
 * <pre>./bench/run.sh [--quick] [headline | scenario...] [--rate N] [--sweep-rates 100,250] ...</pre>
 */
public final class Main {

    /**
     * The in-memory MongoDB stand-in keeps every donation of the run on its heap: a sweep that reaches 3,000/s and
     * holds it for 60 s adds 250,000 webhooks' worth, and 2g ran out during the scenarios after it (run 5).
     */
    static final String MONGO_HEAP = "4g";
    /** GreenMail keeps every mail too: a sweep sends tens of thousands, which 192m cannot hold (it ran out of heap). */
    static final String MAIL_HEAP = "1g";

    /**
     * The services' JVM options when {@code BENCH_SERVICE_JVM} gives them (all three alike, e.g. {@code "-Xms512m
     * -Xmx512m"} for C2 and G1); null: the local stack's own (C1 behind the log, C2 for donation-service).
     */
    static final List<String> SERVICE_JVM = options("BENCH_SERVICE_JVM");
    /** donation-service's own JVM options when {@code BENCH_DONATION_JVM} gives them. */
    static final List<String> DONATION_JVM = options("BENCH_DONATION_JVM");
    /**
     * The JVM options of what takes the webhooks outside the stack (the baseline monolith, the floors): the stack's
     * front door's ({@link LocalStack#FRONT_DOOR_JVM}) unless {@code BENCH_SERVICE_JVM} says otherwise, so that each is
     * compared on the same compiler and heap as donation-service.
     */
    static final List<String> FRONT_DOOR_JVM =
            SERVICE_JVM != null ? SERVICE_JVM : DONATION_JVM != null ? DONATION_JVM : LocalStack.FRONT_DOOR_JVM;

    private static List<String> options(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? null : List.of(value.trim().split("\\s+"));
    }

    private Main() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args) ? 0 : 1);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(2); // the stack's and the baseline's JVMs are stopped by then (try-with-resources)
        }
    }

    /** @return whether every final check of every scenario passed */
    private static boolean run(String[] args) throws Exception {
        Options options = Options.parse(args);
        quietLibraries();
        Path repo = Path.of(System.getenv().getOrDefault("GIVING_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path results = repo.resolve(options.out());
        Files.createDirectories(results);
        String machine = Machine.describe();
        double loadBefore = Machine.loadAverage();
        System.out.println("Giving Stream benchmark: " + options.scenarios() + (options.quick() ? " (quick)" : ""));
        System.out.println(machine);

        StackConfig config = new StackConfig(
                repo,
                Files.createTempDirectory("giving-bench"),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                null,
                null,
                StackConfig.LOCAL_STRIPE_SECRET,
                new StackConfig.ManagementPorts(freePort(), freePort(), freePort()));
        List<ScenarioResult> done = new ArrayList<>();
        Instant started = Instant.now();
        String command = "./bench/run.sh " + String.join(" ", args);
        Path report = results.resolve("report.md");
        try {
            // the floors first, each alone on the machine with the generator: nothing of the stack is up yet
            for (String scenario : options.floorScenarios()) {
                try (var floor = FloorBench.start(scenario, options, repo, config.logDir())) {
                    done.add(report(floor.run(results)));
                }
            }
            if (!options.stackScenarios().isEmpty()
                    || !options.baselineScenarios().isEmpty()) {
                runStackAndBaseline(options, config, results, done);
            }
        } finally {
            // what was measured is written even when a later scenario fails
            Files.writeString(
                    report,
                    Report.markdown(
                            done, options, machine, loadBefore, command, Duration.between(started, Instant.now())));
        }
        System.out.println("\nReport: " + report);
        System.out.println(Files.readString(report));
        System.out.println(Report.headline(done, options)); // last, for a script to find
        return done.stream().allMatch(ScenarioResult::passed);
    }

    /** The stack's scenarios, then the baseline's with the services and the broker stopped. */
    private static void runStackAndBaseline(
            Options options, StackConfig config, Path results, List<ScenarioResult> done) throws Exception {
        try (TcpProxy smtpProxy = new TcpProxy(config.smtpPort());
                LocalStack stack = new LocalStack(config)
                        .withMongoMaxHeap(MONGO_HEAP)
                        .withMailMaxHeap(MAIL_HEAP)
                        .withEnvironment(
                                "notification-service",
                                Map.of(
                                        "SPRING_MAIL_PORT", String.valueOf(smtpProxy.port()),
                                        // the SMTP provider's limit, notifications.mail.rate-per-second (env names drop
                                        // the dashes)
                                        "NOTIFICATIONS_MAIL_RATEPERSECOND", String.valueOf(options.mailRate())))) {
            if (SERVICE_JVM != null) {
                stack.withServiceJvmOptions(SERVICE_JVM);
            }
            if (DONATION_JVM != null) {
                stack.withServiceJvmOptions("donation-service", DONATION_JVM);
            }
            // Ctrl-C or a kill must not leave the stack's JVMs behind
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            System.out.println("Starting the local stack in " + config.stackDir() + " ...");
            boolean services = !options.stackScenarios().isEmpty();
            if (services) {
                stack.start();
            } else {
                stack.startInfrastructure(); // the baseline needs MongoDB and GreenMail only
            }
            System.out.println("Stack up: " + stack.startupTimes());
            if (services) {
                var bench = new StackBench(options, stack, smtpProxy, results);
                bench.prepare();
                for (String scenario : options.stackScenarios()) {
                    done.add(report(bench.run(scenario)));
                }
            }
            if (!options.baselineScenarios().isEmpty()) {
                // the services and the broker leave the two cores to the baseline; MongoDB and GreenMail serve both
                for (String part : List.of("donation-service", "campaign-service", "notification-service", "kafka")) {
                    if (stack.parts().contains(part)) {
                        stack.stop(part);
                    }
                }
                if (services) {
                    // the stack ran its stores at background priority; the baseline writes and mails in its requests
                    for (String store : List.of("mongo", "greenmail")) {
                        stack.restartAtNormalPriority(store);
                    }
                }
                try (var baseline = BaselineBench.start(options, stack, results)) {
                    for (String scenario : options.baselineScenarios()) {
                        done.add(report(baseline.run(scenario)));
                    }
                }
            }
        }
    }

    /** The Kafka admin client and the MongoDB driver log every (re)connection, and warn every second while the broker is down: keep the console readable. */
    private static void quietLibraries() {
        for (String name : List.of("org.apache.kafka", "org.mongodb.driver")) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }

    private static ScenarioResult report(ScenarioResult result) {
        System.out.println(Report.oneLine(result));
        return result;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The raw interval log of one scenario's webhook latencies (HdrHistogram log format, values in microseconds). */
    static HistogramLogWriter intervalLog(Path file) throws IOException {
        var log = new HistogramLogWriter(new PrintStream(Files.newOutputStream(file), true));
        long now = System.currentTimeMillis();
        log.outputLogFormatVersion();
        log.outputStartTime(now);
        log.setBaseTime(now);
        log.outputLegend();
        return log;
    }

    static void writeHgrm(Path file, org.HdrHistogram.Histogram histogram) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true)) {
            histogram.outputPercentileDistribution(out, 1000.0); // microseconds recorded, milliseconds printed
        }
    }

    /** Small HTTP helpers shared by both benches. */
    static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient http, String url, String json)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Double> cpuDelta(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((part, cpu) -> {
            Duration was = before.getOrDefault(part, Duration.ZERO);
            if (cpu.isNegative() || was.isNegative()) {
                return;
            }
            // a part restarted during the scenario (Kafka) counts from its new start; its old process is gone
            Duration used = cpu.compareTo(was) >= 0 ? cpu.minus(was) : cpu;
            delta.put(part, used.toMillis() / 1000.0);
        });
        return delta;
    }

    static Map<String, Duration> withSelf(Map<String, Duration> cpu) {
        Map<String, Duration> all = new HashMap<>(cpu);
        all.put(CpuCost.GENERATOR, ProcessStats.cpuTime(ProcessHandle.current().pid()));
        return all;
    }
}
