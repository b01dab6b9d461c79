package org.givingstream.localstack;

import static org.givingstream.localstack.TestMachine.freePort;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code prometheus} binary (Debian's {@code prometheus} package) as a child process, scraping a running
 * local stack with the docker-compose scrape config ({@code ops/prometheus/prometheus.yml}): same job, same metrics
 * path, only the targets replaced by the stack's ports and the interval shortened to one second.
 *
 * <p>Without the binary the test is skipped locally, with the reason, but fails on CI ({@code CI=true}), where
 * {@code .ci/run} installs it.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Pattern COMPOSE_TARGET =
            Pattern.compile("\\b(donation-service|campaign-service|notification-service):\\d+\\b");

    private final ChildProcess process;
    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private PrometheusServer(ChildProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts Prometheus on a free port of 127.0.0.1, scraping the stack's three services, and waits until ready. */
    static PrometheusServer scraping(StackConfig stack, Duration patience) throws IOException {
        Path binary = binary();
        Path dir = Files.createDirectories(stack.stackDir().resolve("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                scrapeConfig(
                        Files.readString(stack.projectDir().resolve("ops/prometheus/prometheus.yml")),
                        Map.of(
                                "donation-service",
                                authority(stack.donationManagementUrl()),
                                "campaign-service",
                                authority(stack.campaignManagementUrl()),
                                "notification-service",
                                authority(stack.notificationManagementUrl()))));
        String listen = "127.0.0.1:" + freePort();
        ChildProcess process = ChildProcess.start(
                "prometheus",
                List.of(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                        "--web.listen-address=" + listen),
                Map.of(),
                stack.logDir());
        PrometheusServer server = new PrometheusServer(process, "http://" + listen);
        try {
            process.awaitHttpOk(server.url + "/-/ready", patience);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The docker-compose config with each {@code <service>:<port>} target replaced by where the stack runs it, and a
     * one-second scrape interval so that a test sees rates within seconds.
     */
    static String scrapeConfig(String composeConfig, Map<String, String> targets) {
        Matcher target = COMPOSE_TARGET.matcher(composeConfig);
        StringBuilder replaced = new StringBuilder();
        int found = 0;
        while (target.find()) {
            String local = targets.get(target.group(1));
            target.appendReplacement(replaced, Matcher.quoteReplacement(local));
            found++;
        }
        target.appendTail(replaced);
        if (found != targets.size()) {
            throw new IllegalStateException("expected the targets " + targets.keySet()
                    + " once each in ops/prometheus/prometheus.yml, found " + found + " of them");
        }
        return replaced.toString().replaceAll("(?m)^(\\s*scrape_interval:).*$", "$1 1s");
    }

    /** {@code /api/v1/query}: the whole answer, an error (invalid PromQL) included. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** {@code /api/v1/targets}: the active targets with their job, scrape URL and health. */
    JsonNode targets() throws IOException, InterruptedException {
        return get("/api/v1/targets?state=active").path("data").path("activeTargets");
    }

    Path log() {
        return process.log();
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .build();
        return json.readTree(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Override
    public void close() {
        process.stop();
    }

    private static Path binary() {
        String reason = "prometheus is missing (not on PATH, not /usr/bin/prometheus): install Debian's prometheus"
                + " package (.ci/run does)";
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                                .filter(dir -> !dir.isBlank())
                                .map(dir -> Path.of(dir, "prometheus")),
                        Stream.of(Path.of("/usr/bin/prometheus")))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> {
                    TestMachine.missing(reason);
                    return null;
                });
    }

    private static String authority(String serviceUrl) {
        return URI.create(serviceUrl).getAuthority();
    }
}
