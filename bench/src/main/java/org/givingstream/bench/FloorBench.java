package org.givingstream.bench;

import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.givingstream.bench.SweepResult.Backlog;
import org.givingstream.bench.floor.JdkFloor;
import org.givingstream.bench.floor.SpringFloor;

/**
 * The floor: the rate sweep against an endpoint that does nothing but read the webhook and answer 200, in its own
 * JVM on the services' JVM options, with nothing else of the bench running (it goes before the stack starts). What
 * this machine and this load generator allow at all; the stack and the baseline can only be slower.
 *
 * <p>{@code floor-sweep} is the framework floor, {@link SpringFloor}: Tomcat and Spring MVC as the services run
 * them. {@code floor-jdk-sweep} is {@link JdkFloor}, the JDK's own HTTP server (the baseline monolith's).
 */
final class FloorBench implements SweepTarget, AutoCloseable {

    static final String SPRING = "floor-sweep";
    static final String JDK = "floor-jdk-sweep";
    private static final Pattern RECEIVED = Pattern.compile("\"received\"\\s*:\\s*(\\d+)");

    private final String scenario;
    private final Options options;
    private final Process process;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private long sentBefore;
    private long sent;

    private FloorBench(String scenario, Options options, Process process, int port) {
        this.scenario = scenario;
        this.options = options;
        this.process = process;
        this.url = "http://127.0.0.1:" + port;
    }

    static boolean isFloor(String scenario) {
        return scenario.startsWith("floor");
    }

    /** Starts the floor of {@code scenario} in its own JVM, logging to {@code logDir}, and warms it up. */
    static FloorBench start(String scenario, Options options, Path repo, Path logDir) throws Exception {
        int port = Main.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Main.FRONT_DOOR_JVM);
        String classPath = System.getProperty("java.class.path");
        Class<?> main = JdkFloor.class;
        if (scenario.equals(SPRING)) {
            // Spring Boot and Tomcat are kept off the bench's own class path (see bench/pom.xml)
            classPath += File.pathSeparator + repo.resolve("bench/target/floor-lib") + "/*";
            main = SpringFloor.class;
        }
        command.addAll(List.of("-cp", classPath, main.getName(), String.valueOf(port)));
        Files.createDirectories(logDir);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(scenario + ".log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        var floor = new FloorBench(scenario, options, process, port);
        floor.awaitUp(logDir.resolve(scenario + ".log"));
        floor.warmUp();
        return floor;
    }

    ScenarioResult run(Path results) throws Exception {
        return new RateSweep(scenario, this, options, results).run();
    }

    @Override
    public void addCampaigns(List<String> ids) {
        // a floor knows no campaigns: it counts nothing
    }

    @Override
    public void begin() {
        sentBefore = received();
        sent = 0;
    }

    @Override
    public LoadRun load(Schedule schedule, DonationMix mix) throws Exception {
        LoadRun run = LoadRun.drive(
                http,
                url + "/webhooks/stripe",
                "whsec_floor_checks_nothing",
                options.maxInFlight(),
                false,
                schedule,
                mix,
                Timeline.Gauges.NONE,
                null,
                LoadRun.Fault.NONE,
                () -> {});
        sent += run.sent + run.redelivered;
        return run;
    }

    @Override
    public Backlog backlog() {
        return Backlog.NONE;
    }

    @Override
    public boolean catchesUp() {
        return false;
    }

    /** A floor keeps no totals: the check is that it read every delivery the generator made, no more, no less. */
    @Override
    public StackBench.Settled finalChecks(DonationMix mix, LoadRun last, Map<String, String> checks) {
        long received = received() - sentBefore;
        checks.put(
                "deliveries",
                (received == sent ? "OK: " : "FAILED: ")
                        + "%d deliveries made, %d read by the floor (it keeps no totals and sends no receipts)"
                                .formatted(sent, received));
        return new StackBench.Settled(null, new StackBench.Drain(null, Double.NaN));
    }

    @Override
    public Map<String, Duration> cpuTimes() {
        return Main.withSelf(Map.of(scenario, ProcessStats.cpuTime(process.pid())));
    }

    @Override
    public Map<String, Long> residentMemory() {
        Map<String, Long> rss = new TreeMap<>();
        rss.put(scenario, ProcessStats.residentMemoryMib(process.pid()));
        rss.put(
                CpuCost.GENERATOR,
                ProcessStats.residentMemoryMib(ProcessHandle.current().pid()));
        return rss;
    }

    @Override
    public void done() {}

    @Override
    public String description() {
        return scenario.equals(SPRING)
                ? "the framework floor (Spring Boot webmvc on Tomcat, virtual threads: reads the body, answers 200)"
                : "the JDK floor (the JDK's HTTP server on virtual threads: reads the body, answers 200)";
    }

    private long received() {
        try {
            Matcher m = RECEIVED.matcher(Main.get(http, url + "/count").body());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private void awaitUp(Path log) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(scenario + " exited; see " + log);
            }
            if (received() >= 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(scenario + " not up after 60 s; see " + log);
    }

    /** As the stack and the baseline are warmed up before their first step. */
    private void warmUp() throws Exception {
        var mix = new DonationMix("floorwarm", List.of("floor-warmup"), options.pairShare(), options.emailShare(), 3);
        LoadRun warm = LoadRun.drive(
                http,
                url + "/webhooks/stripe",
                "whsec_floor_checks_nothing",
                options.maxInFlight(),
                false,
                new Schedule(Math.min(100, options.sweepRates().getFirst()), Duration.ZERO, options.warmUp()),
                mix,
                Timeline.Gauges.NONE,
                null,
                LoadRun.Fault.NONE,
                () -> {});
        warm.timeline.stop();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
