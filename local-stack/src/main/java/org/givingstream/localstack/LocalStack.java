package org.givingstream.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The whole platform on this machine: Kafka (KRaft), the MongoDB wire-protocol server and GreenMail, then the three
 * services, each in its own JVM. {@code ./run.sh} starts it; Ctrl-C stops everything.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration INFRASTRUCTURE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(180);

    private final StackConfig config;
    private final List<ChildProcess> children = new ArrayList<>();
    /** The stand-in JustGiving API donation-service polls on this stack (null until {@link #start()}). */
    private StandInJustGiving justGiving;

    private final Map<String, Function<ChildProcess, Duration>> readiness = new ConcurrentHashMap<>();
    private final Map<String, Duration> startupTimes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> environmentOverrides = new ConcurrentHashMap<>();
    /** The services' JVM options unless told otherwise: start fast and stay small, which a quick start wants. */
    public static final List<String> QUICK_START_JVM =
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * donation-service's JVM options unless told otherwise: the same small heap and collector, with full tiered
     * compilation (C2). A webhook's answer waits for this JVM alone, and on two shared cores C2 cut its CPU per
     * webhook from 0.67 to 0.41-0.50 ms at 1,500/s once warm (bench/RESULTS.md, issue 12: the C2 A/B and run 5).
     * The parts behind the log keep C1, which starts faster and leaves the cores to the front door while C2 compiles.
     */
    public static final List<String> FRONT_DOOR_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC");

    /**
     * How much lower (Unix {@code nice}) the CPU priority of the platform's asynchronous parts is than its front door's.
     * The front door is donation-service and Kafka: a webhook's answer waits for them alone. Campaign-service,
     * notification-service, the MongoDB stand-in and GreenMail only work behind the log, so on a machine they share,
     * a spike's webhooks are answered first and totals and receipts catch up after, as they would with the intake on
     * CPUs of its own. Their work is not lost or reordered by waiting: the log holds it.
     */
    public static final int BACKGROUND_NICE = 10;

    private volatile String mongoMaxHeap = "512m";
    private volatile String mailMaxHeap = "192m";
    private volatile int backgroundNice = BACKGROUND_NICE;
    private volatile List<String> serviceJvmOptions = QUICK_START_JVM;
    /** Per service, in place of {@code serviceJvmOptions}. */
    private final Map<String, List<String>> ownJvmOptions =
            new ConcurrentHashMap<>(Map.of("donation-service", FRONT_DOOR_JVM));

    private volatile int replicas = 1;
    private final List<Instance> instances = new CopyOnWriteArrayList<>();

    /**
     * One running instance of a service.
     *
     * @param service {@code donation-service}, {@code campaign-service} or {@code notification-service}
     * @param name the part's name: the service's for the first instance, {@code <service>-2} and so on for the others
     */
    public record Instance(String service, String name, int port, int managementPort) {

        public String url() {
            return "http://localhost:" + port;
        }

        public String managementUrl() {
            return "http://localhost:" + managementPort;
        }
    }

    public LocalStack(StackConfig config) {
        this.config = config;
    }

    /**
     * Extra environment for one service, applied after the stack's own; e.g. fault tests point a service at a proxy
     * they can cut. Call before {@link #start()}.
     */
    public LocalStack withEnvironment(String service, Map<String, String> environment) {
        environmentOverrides.merge(service, Map.copyOf(environment), (old, extra) -> {
            Map<String, String> both = new HashMap<>(old);
            both.putAll(extra);
            return Map.copyOf(both);
        });
        return this;
    }

    /**
     * Maximum heap of the in-memory MongoDB stand-in (default 512m): it holds every document on the heap, so a
     * benchmark that stores tens of thousands of donations gives it more. Call before {@link #start()}.
     */
    public LocalStack withMongoMaxHeap(String maxHeap) {
        this.mongoMaxHeap = maxHeap;
        return this;
    }

    /** Maximum heap of GreenMail (default 192m), which keeps every mail it received on the heap. */
    public LocalStack withMailMaxHeap(String maxHeap) {
        this.mailMaxHeap = maxHeap;
        return this;
    }

    /**
     * The {@code nice} increment of the asynchronous parts ({@link #BACKGROUND_NICE} unless told otherwise; 0: all
     * parts at the same priority). Only {@link #start()} applies it: {@link #startInfrastructure()} serves a benchmark
     * whose own application writes to MongoDB and sends mail inside its requests. Call before starting.
     */
    public LocalStack withBackgroundNice(int nice) {
        this.backgroundNice = Math.max(0, nice);
        return this;
    }

    /**
     * How many instances of each service to run (default 1, at most 3): the same consumer groups, each instance on its
     * own ports. The first has the configured ports; the others the same plus 100 per instance where that is free
     * (8181, 8281...), any free port otherwise. Call before {@link #start()}.
     */
    public LocalStack withReplicas(int replicas) {
        if (replicas < 1 || replicas > 3) {
            throw new IllegalArgumentException("replicas must be 1, 2 or 3, was " + replicas);
        }
        this.replicas = replicas;
        return this;
    }

    /** The running instances of one service, the first one first. */
    public List<Instance> instances(String service) {
        return instances.stream()
                .filter(instance -> instance.service().equals(service))
                .toList();
    }

    /**
     * JVM options of all three services, replacing the defaults ({@link #QUICK_START_JVM}: a small heap and the C1
     * compiler only, which start fast on a laptop but run slower; {@link #FRONT_DOOR_JVM} for donation-service).
     * Call before {@link #start()}.
     */
    public LocalStack withServiceJvmOptions(List<String> options) {
        this.serviceJvmOptions = List.copyOf(options);
        this.ownJvmOptions.clear();
        return this;
    }

    /** JVM options of one service (all its instances), replacing the three services' for it. Call before start. */
    public LocalStack withServiceJvmOptions(String service, List<String> options) {
        this.ownJvmOptions.put(service, List.copyOf(options));
        return this;
    }

    public static void main(String[] args) throws Exception {
        boolean demo = List.of(args).contains("--demo");
        StackConfig config = StackConfig.fromEnvironment(System.getenv());
        LocalStack stack = new LocalStack(config).withReplicas(replicasArgument(args));
        String nice = System.getenv("GIVING_BACKGROUND_NICE");
        if (nice != null && !nice.isBlank()) {
            stack.withBackgroundNice(Integer.parseInt(nice.trim()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack...");
            stack.close();
            stopped.countDown();
        }));
        Instant start = Instant.now();
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(stack.banner(Duration.between(start, Instant.now())));
        if (demo) {
            new Demo(config).run(System.out);
        }
        stopped.await();
    }

    /** {@code --replicas N} (1 to 3), 1 without it. */
    static int replicasArgument(String[] args) {
        List<String> list = List.of(args);
        int at = list.indexOf("--replicas");
        if (at < 0) {
            return 1;
        }
        if (at + 1 >= list.size() || !list.get(at + 1).matches("[1-3]")) {
            throw new IllegalArgumentException("--replicas takes 1, 2 or 3");
        }
        return Integer.parseInt(list.get(at + 1));
    }

    /** Starts every part and waits until each is healthy. */
    public void start() throws Exception {
        Files.createDirectories(config.logDir());
        List<String> java = List.of(javaExecutable());
        String classPath = System.getProperty("java.class.path");
        startInfrastructure(java, classPath, backgroundNice);
        justGiving = StandInJustGiving.start(justGivingPort());
        startServices(java);
    }

    /** {@code JUSTGIVING_PORT}, 8090 by default (any free port if that one is taken). */
    private static int justGivingPort() {
        String port = System.getenv("JUSTGIVING_PORT");
        return port == null || port.isBlank() ? 8090 : Integer.parseInt(port.strip());
    }

    /** Starts only Kafka, the MongoDB stand-in and GreenMail, e.g. for a benchmark that brings its own application. */
    public void startInfrastructure() throws Exception {
        Files.createDirectories(config.logDir());
        startInfrastructure(List.of(javaExecutable()), System.getProperty("java.class.path"), 0);
    }

    private void startInfrastructure(List<String> java, String classPath, int storesNice) throws Exception {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        if (config.kafkaBootstrap() == null) {
            ChildProcess kafka = track(KafkaBroker.start(config, java, classPath), port(config.kafkaPort()));
            ready.add(awaitReady(kafka));
        }
        if (config.mongoUri() == null) {
            ChildProcess mongo = track(
                    ChildProcess.start(
                            "mongo",
                            niced(
                                    storesNice,
                                    List.of(
                                            java.getFirst(),
                                            "-Xmx" + mongoMaxHeap,
                                            "-cp",
                                            classPath,
                                            MongoServerMain.class.getName(),
                                            String.valueOf(config.mongoPort()))),
                            Map.of(),
                            config.logDir()),
                    port(config.mongoPort()));
            ready.add(awaitReady(mongo));
        }
        ChildProcess mail = track(
                ChildProcess.start(
                        "greenmail",
                        niced(
                                storesNice,
                                List.of(
                                        java.getFirst(),
                                        "-Xmx" + mailMaxHeap,
                                        "-Dgreenmail.smtp.hostname=127.0.0.1",
                                        "-Dgreenmail.smtp.port=" + config.smtpPort(),
                                        "-Dgreenmail.auth.disabled",
                                        "-Dgreenmail.api.hostname=127.0.0.1",
                                        "-Dgreenmail.api.port=" + config.mailApiPort(),
                                        "-jar",
                                        greenMailJar().toString())),
                        Map.of(),
                        config.logDir()),
                child -> {
                    child.awaitPort(config.smtpPort(), INFRASTRUCTURE_TIMEOUT);
                    return child.awaitHttpOk(config.mailApiUrl() + "/api/service/readiness", INFRASTRUCTURE_TIMEOUT);
                });
        ready.add(awaitReady(mail));
        join(ready);
    }

    private void startServices(List<String> java) throws Exception {
        Map<String, String> common = new HashMap<>(Map.of(
                "SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", config.kafkaBootstrapServers(),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrapServers(),
                "LOG_FORMAT", "logstash"));
        if (config.mongoUri() == null) {
            // Boot's Mongo health check sends 'hello', which the wire-protocol stand-in does not implement
            common.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        var management = config.management();
        for (int k = 1; k <= replicas; k++) {
            ready.add(startService(
                    java,
                    instance("donation-service", k, config.donationPort(), management.donation()),
                    0,
                    common,
                    Map.of(
                            "SPRING_MONGODB_URI",
                            config.mongoUri("donations"),
                            "DONATIONS_STRIPE_SECRETS",
                            config.stripeSecret(),
                            "DONATIONS_OPS_TOKEN",
                            StackConfig.LOCAL_OPS_TOKEN,
                            "DONATIONS_STANDARD_SOURCES_DEMO_SECRETS",
                            StackConfig.LOCAL_STANDARD_SECRET,
                            // JustGiving pages are read from the stand-in, brisker than JustGiving itself would want
                            "DONATIONS_JUSTGIVING_APPID",
                            StandInJustGiving.APP_ID,
                            "DONATIONS_JUSTGIVING_BASEURL",
                            justGiving.baseUrl(),
                            "DONATIONS_JUSTGIVING_FASTEST",
                            "3s",
                            "DONATIONS_JUSTGIVING_SLOWEST",
                            "20s",
                            "DONATIONS_JUSTGIVING_CHECKEVERY",
                            "30s")));
            ready.add(startService(
                    java,
                    instance("campaign-service", k, config.campaignPort(), management.campaign()),
                    backgroundNice,
                    common,
                    Map.of(
                            "SPRING_MONGODB_URI", config.mongoUri("campaigns"),
                            "CAMPAIGNS_OPS_TOKEN", StackConfig.LOCAL_OPS_TOKEN,
                            "CAMPAIGNS_ADMIN_TOKEN", StackConfig.LOCAL_ADMIN_TOKEN)));
            Instance notification =
                    instance("notification-service", k, config.notificationPort(), management.notification());
            ready.add(startService(
                    java,
                    notification,
                    backgroundNice,
                    common,
                    Map.of(
                            "SPRING_MONGODB_URI", config.mongoUri("notifications"),
                            "SPRING_MAIL_HOST", "127.0.0.1",
                            "SPRING_MAIL_PORT", String.valueOf(config.smtpPort()),
                            "NOTIFICATIONS_OPS_TOKEN", StackConfig.LOCAL_OPS_TOKEN,
                            // the first instance's address: a link in a mail must lead to a running instance
                            "NOTIFICATIONS_MAIL_LINKS_BASE_URL", config.notificationUrl())));
        }
        join(ready);
    }

    /** The k-th instance of a service and its ports (see {@link #withReplicas}); remembered as running. */
    private Instance instance(String service, int k, int port, int managementPort) throws IOException {
        Instance instance = k == 1
                ? new Instance(service, service, port, managementPort)
                : new Instance(service, service + "-" + k, replicaPort(port, k), replicaPort(managementPort, k));
        instances.add(instance);
        return instance;
    }

    private static int replicaPort(int first, int k) throws IOException {
        int candidate = first + 100 * (k - 1);
        if (candidate <= 65535) {
            try (var probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return candidate;
            } catch (IOException taken) {
                // fall through: any free port
            }
        }
        try (var any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return any.getLocalPort();
        }
    }

    private CompletableFuture<Void> startService(
            List<String> java, Instance instance, int nice, Map<String, String> common, Map<String, String> own)
            throws IOException {
        String name = instance.name();
        int port = instance.port();
        int managementPort = instance.managementPort();
        String service = instance.service();
        Path jar = config.projectDir().resolve(service).resolve("target").resolve(service + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        env.put("GIVING_INSTANCE_ID", name); // static membership: a restart takes its partitions back at once
        env.putAll(environmentOverrides.getOrDefault(service, Map.of()));
        if (!name.equals(service)) {
            env.putAll(environmentOverrides.getOrDefault(name, Map.of())); // one instance's own, e.g. in a test
        }
        List<String> command = new ArrayList<>(java);
        command.addAll(ownJvmOptions.getOrDefault(service, serviceJvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess started = track(
                ChildProcess.start(name, niced(nice, command), env, config.logDir()),
                // all of its health UP (Kafka binder, MongoDB), not just the process: that is on the management port
                child -> child.awaitHttpOk("http://localhost:" + managementPort + "/actuator/health", SERVICE_TIMEOUT));
        return awaitReady(started);
    }

    /** {@code command} run by {@code nice -n <increment>} where there is one (it execs: the pid is the JVM's). */
    private static List<String> niced(int increment, List<String> command) {
        Path nice = Path.of("/usr/bin/nice");
        if (increment <= 0 || !Files.isExecutable(nice)) {
            return command;
        }
        List<String> niced = new ArrayList<>(List.of(nice.toString(), "-n", String.valueOf(increment)));
        niced.addAll(command);
        return niced;
    }

    private static Function<ChildProcess, Duration> port(int port) {
        return child -> child.awaitPort(port, INFRASTRUCTURE_TIMEOUT);
    }

    private CompletableFuture<Void> awaitReady(ChildProcess child) {
        return CompletableFuture.runAsync(
                () -> startupTimes.put(child.name(), readiness.get(child.name()).apply(child)));
    }

    private static void join(List<CompletableFuture<Void>> futures) throws Exception {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private synchronized ChildProcess track(ChildProcess child, Function<ChildProcess, Duration> ready) {
        children.add(child);
        readiness.put(child.name(), ready);
        return child;
    }

    /** The names of the parts, e.g. {@code kafka}, {@code greenmail}, {@code donation-service}. */
    public synchronized List<String> parts() {
        return children.stream().map(ChildProcess::name).toList();
    }

    /** SIGKILL one part, as a crash would: no graceful shutdown. */
    public void kill(String part) {
        child(part).kill();
    }

    /** Stops one part gracefully (SIGTERM). */
    public void stop(String part) {
        child(part).stop();
    }

    /** Launches a stopped or killed part again, with the same command and data, and waits until it is ready. */
    public Duration restart(String part) throws IOException {
        ChildProcess child = child(part);
        child.launch();
        return readiness.get(part).apply(child);
    }

    /**
     * Stops a part and launches it again at normal CPU priority, starting empty (the stand-ins keep nothing on disk):
     * e.g. a store that a benchmark's synchronous baseline then uses inside its own requests.
     */
    public Duration restartAtNormalPriority(String part) throws IOException {
        ChildProcess child = child(part);
        child.stop();
        child.runAtNormalPriority();
        return restart(part);
    }

    /**
     * Asks every running JVM of the stack for a thread dump (SIGQUIT), which it writes to its own log: what a test
     * that times out waiting for the stack leaves behind for whoever reads its logs.
     *
     * @return the directory of the logs
     */
    public synchronized Path dumpThreads() {
        for (ChildProcess child : children) {
            if (child.isAlive()) {
                try {
                    new ProcessBuilder("kill", "-QUIT", String.valueOf(child.pid()))
                            .start()
                            .waitFor();
                } catch (IOException e) {
                    System.err.printf("No thread dump of %s: %s%n", child.name(), e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return config.logDir();
    }

    public boolean isAlive(String part) {
        return child(part).isAlive();
    }

    /** CPU time (user + system) each running part has used so far. */
    public synchronized Map<String, Duration> cpuTimes() {
        Map<String, Duration> cpu = new HashMap<>();
        children.forEach(child -> cpu.put(child.name(), child.cpuTime()));
        return cpu;
    }

    /** The {@code nice} value of each running part (Linux; parts whose value cannot be read are left out). */
    public synchronized Map<String, Integer> niceness() {
        Map<String, Integer> nice = new HashMap<>();
        children.forEach(child -> child.niceness().ifPresent(value -> nice.put(child.name(), value)));
        return nice;
    }

    private synchronized ChildProcess child(String part) {
        return children.stream()
                .filter(child -> child.name().equals(part))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no part named " + part + "; parts: " + parts()));
    }

    private Path greenMailJar() {
        Path jar = config.projectDir().resolve("local-stack/target/greenmail/greenmail-standalone.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        return jar;
    }

    /** This JVM's own java binary: the stack runs every child on the JDK that runs the launcher. */
    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Time from launch to healthy, per child. */
    public Map<String, Duration> startupTimes() {
        return Map.copyOf(startupTimes);
    }

    /** Resident memory per child in MiB. */
    public synchronized Map<String, Long> residentMemoryMib() {
        Map<String, Long> memory = new HashMap<>();
        children.forEach(child -> memory.put(child.name(), child.residentMemoryMib()));
        return memory;
    }

    public StackConfig config() {
        return config;
    }

    String banner(Duration took) {
        StringBuilder times = new StringBuilder();
        startupTimes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> times.append(String.format(
                        "    %-22s %5.1f s%n", e.getKey(), e.getValue().toMillis() / 1000.0)));
        return """

                Giving Stream is up (%.1f s).
                  Dashboard        %s/campaigns/{campaignId}   (try %s/campaigns/james-wish-to-walk after --demo)
                  Campaign API     %s/api/campaigns
                  Stripe webhook   %s/webhooks/stripe   (secret: STRIPE_WEBHOOK_SECRET, local default in README)
                  Standard webhook %s/webhooks/standard/demo   (secret: %s, local only)
                  Mail viewer      %s   (GreenMail API; SMTP on localhost:%d)
                  JustGiving       %s   (a stand-in API; --demo attaches its page %s)
                  Actuator         %s/actuator  %s/actuator  %s/actuator   (operators only; public ports: /livez /readyz)
                  Admin token      %s   (local only: POST /api/campaigns opens a campaign)
                  Ops token        %s   (local only: GET /api/donations/{id}, reconciliation, notifications)
                  Kafka            %s     MongoDB  %s
                  Logs             %s
                %sStarted in:
                %s
                Press Ctrl-C to stop everything.
                """.formatted(
                        took.toMillis() / 1000.0,
                        config.campaignUrl(),
                        config.campaignUrl(),
                        config.campaignUrl(),
                        config.donationUrl(),
                        config.donationUrl(),
                        StackConfig.LOCAL_STANDARD_SECRET,
                        config.mailApiUrl(),
                        config.smtpPort(),
                        justGiving == null ? "-" : justGiving.baseUrl(),
                        StandInJustGiving.PAGE,
                        config.donationManagementUrl(),
                        config.campaignManagementUrl(),
                        config.notificationManagementUrl(),
                        StackConfig.LOCAL_ADMIN_TOKEN,
                        StackConfig.LOCAL_OPS_TOKEN,
                        config.kafkaBootstrapServers(),
                        config.mongoUri(""),
                        config.logDir().toAbsolutePath(),
                        replicasLines(),
                        times.toString().stripTrailing());
    }

    /** With --replicas: every instance and its ports (the lines above name the first ones). */
    private String replicasLines() {
        if (replicas == 1) {
            return "";
        }
        StringBuilder lines =
                new StringBuilder("Instances (same consumer groups, one MongoDB database per service):\n");
        instances.forEach(instance -> lines.append(String.format(
                "  %-24s %s   actuator %s%n", instance.name(), instance.url(), instance.managementUrl())));
        return lines.toString();
    }

    /** Stops the services first, then the infrastructure they depend on. */
    @Override
    public void close() {
        if (justGiving != null) {
            justGiving.close();
        }
        List<ChildProcess> reversed = new ArrayList<>(children);
        java.util.Collections.reverse(reversed);
        reversed.forEach(ChildProcess::stop);
        children.clear();
    }
}
