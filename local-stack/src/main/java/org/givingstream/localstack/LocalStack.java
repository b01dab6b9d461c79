package org.givingstream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The whole platform on this machine: Kafka (KRaft), the MongoDB wire-protocol server and GreenMail, then the three
 * services, each in its own JVM. {@code ./run.sh} starts it; Ctrl-C stops everything.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration INFRASTRUCTURE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(180);

    private final StackConfig config;
    private final List<ChildProcess> children = new ArrayList<>();
    private final Map<String, Duration> startupTimes = new HashMap<>();

    public LocalStack(StackConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        boolean demo = List.of(args).contains("--demo");
        StackConfig config = StackConfig.fromEnvironment(System.getenv());
        LocalStack stack = new LocalStack(config);
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

    /** Starts every part and waits until each is healthy. */
    public void start() throws Exception {
        Files.createDirectories(config.logDir());
        List<String> java = List.of(javaExecutable());
        String classPath = System.getProperty("java.class.path");
        startInfrastructure(java, classPath);
        startServices(java);
    }

    private void startInfrastructure(List<String> java, String classPath) throws Exception {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        if (config.kafkaBootstrap() == null) {
            ChildProcess kafka = track(KafkaBroker.start(config, java, classPath));
            ready.add(awaitPort(kafka, config.kafkaPort()));
        }
        if (config.mongoUri() == null) {
            ChildProcess mongo = track(ChildProcess.start(
                    "mongo",
                    List.of(java.getFirst(), "-Xmx512m", "-cp", classPath, MongoServerMain.class.getName(),
                            String.valueOf(config.mongoPort())),
                    Map.of(),
                    config.logDir()));
            ready.add(awaitPort(mongo, config.mongoPort()));
        }
        ChildProcess mail = track(ChildProcess.start(
                "greenmail",
                List.of(java.getFirst(), "-Xmx192m",
                        "-Dgreenmail.smtp.hostname=127.0.0.1",
                        "-Dgreenmail.smtp.port=" + config.smtpPort(),
                        "-Dgreenmail.auth.disabled",
                        "-Dgreenmail.api.hostname=127.0.0.1",
                        "-Dgreenmail.api.port=" + config.mailApiPort(),
                        "-jar", greenMailJar().toString()),
                Map.of(),
                config.logDir()));
        ready.add(awaitPort(mail, config.smtpPort()));
        ready.add(CompletableFuture.runAsync(() -> startupTimes.put(mail.name(),
                mail.awaitHttpOk(config.mailApiUrl() + "/api/service/readiness", INFRASTRUCTURE_TIMEOUT))));
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
        ready.add(startService(java, "donation-service", config.donationPort(), common, Map.of(
                "SPRING_MONGODB_URI", config.mongoUri("donations"),
                "DONATIONS_STRIPE_SECRETS", config.stripeSecret())));
        ready.add(startService(java, "campaign-service", config.campaignPort(), common, Map.of(
                "SPRING_MONGODB_URI", config.mongoUri("campaigns"))));
        ready.add(startService(java, "notification-service", config.notificationPort(), common, Map.of(
                "SPRING_MONGODB_URI", config.mongoUri("notifications"),
                "SPRING_MAIL_HOST", "127.0.0.1",
                "SPRING_MAIL_PORT", String.valueOf(config.smtpPort()))));
        join(ready);
    }

    private CompletableFuture<Void> startService(
            List<String> java, String name, int port, Map<String, String> common, Map<String, String> own)
            throws IOException {
        Path jar = config.projectDir().resolve(name).resolve("target").resolve(name + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        env.put("SERVER_PORT", String.valueOf(port));
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ChildProcess service = track(ChildProcess.start(name, command, env, config.logDir()));
        return CompletableFuture.runAsync(() -> startupTimes.put(name,
                service.awaitHttpOk("http://localhost:" + port + "/actuator/health", SERVICE_TIMEOUT)));
    }

    private CompletableFuture<Void> awaitPort(ChildProcess child, int port) {
        return CompletableFuture.runAsync(
                () -> startupTimes.put(child.name(), child.awaitPort(port, INFRASTRUCTURE_TIMEOUT)));
    }

    private static void join(List<CompletableFuture<Void>> futures) throws Exception {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private synchronized ChildProcess track(ChildProcess child) {
        children.add(child);
        return child;
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
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Time from launch to healthy, per child. */
    public Map<String, Duration> startupTimes() {
        return Map.copyOf(startupTimes);
    }

    /** Resident memory per child in MiB. */
    public Map<String, Long> residentMemoryMib() {
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
                .forEach(e -> times.append(String.format("    %-22s %5.1f s%n", e.getKey(), e.getValue().toMillis() / 1000.0)));
        return """

                Giving Stream is up (%.1f s).
                  Dashboard        %s/campaigns/{campaignId}   (try %s/campaigns/james-wish-to-walk after --demo)
                  Campaign API     %s/api/campaigns
                  Stripe webhook   %s/webhooks/stripe   (secret: STRIPE_WEBHOOK_SECRET, local default in README)
                  Mail viewer      %s   (GreenMail API; SMTP on localhost:%d)
                  Actuator         %s/actuator  %s/actuator  %s/actuator
                  Kafka            %s     MongoDB  %s
                  Logs             %s
                Started in:
                %s
                Press Ctrl-C to stop everything.
                """
                .formatted(
                        took.toMillis() / 1000.0,
                        config.campaignUrl(), config.campaignUrl(),
                        config.campaignUrl(),
                        config.donationUrl(),
                        config.mailApiUrl(), config.smtpPort(),
                        config.donationUrl(), config.campaignUrl(), config.notificationUrl(),
                        config.kafkaBootstrapServers(), config.mongoUri(""),
                        config.logDir().toAbsolutePath(),
                        times.toString().stripTrailing());
    }

    /** Stops the services first, then the infrastructure they depend on. */
    @Override
    public void close() {
        List<ChildProcess> reversed = new ArrayList<>(children);
        java.util.Collections.reverse(reversed);
        reversed.forEach(ChildProcess::stop);
        children.clear();
    }
}
