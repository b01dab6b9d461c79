package org.givingstream.campaign.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * A measurement, not a test (excluded from the suite by its tag): publishes a steady stream of donation events for a
 * few campaigns, the way the bench's steady scenario does, and reports what campaign-service spent per event — CPU of
 * its threads, MongoDB commands, Kafka fetches and commits, records per batch. With {@code -Dbench.jfr=true} it also
 * records a JFR profile into {@code target/totals-bench.jfr}.
 *
 * <pre>
 * ./mvnw -o -q verify -pl campaign-service -am -Dgroups=bench -Dsurefire.excludedGroups=none \
 *   -Dtest=TotalsBench -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.rate=200 -Dbench.events=3000]
 * # report: campaign-service/target/surefire-reports/*TotalsBench-output.txt, lines "BENCH"
 * </pre>
 */
@Tag("bench")
class TotalsBench extends CampaignServiceTest {

    private static final int CAMPAIGNS = 5;

    private final Http http;
    private final JsonMapper json;
    private final MeterRegistry meters;

    TotalsBench(@LocalServerPort int port, JsonMapper json, MeterRegistry meters) {
        this.http = new Http(port, json);
        this.json = json;
        this.meters = meters;
    }

    @Test
    void steadyStream() throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int events = Integer.getInteger("bench.events", 3_000);
        List<String> campaigns = new ArrayList<>();
        for (int i = 0; i < CAMPAIGNS; i++) {
            String id = Donations.campaignId("bench");
            http.openCampaign(id, 1_000_000_000L, "GBP");
            campaigns.add(id);
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        Map<String, Long> expectedCount = new HashMap<>();
        List<DonationEvent> sent = new ArrayList<>();
        var random = ThreadLocalRandom.current();
        while (records.size() < events) {
            String campaign = campaigns.get(random.nextInt(CAMPAIGNS));
            DonationEvent event;
            if (!sent.isEmpty() && random.nextInt(100) < 3) {
                event = TotalsUpdaterTest.reversal(
                        sent.get(random.nextInt(sent.size())), DonationEventTypes.REFUNDED, 1);
            } else if (!sent.isEmpty() && random.nextInt(100) < 5) {
                event = sent.get(random.nextInt(sent.size())); // republished by the outbox
            } else {
                String email = random.nextInt(100) < 40 ? "donor" + random.nextInt(500) + "@example.org" : null;
                event = Donations.event(
                        DonationEventTypes.RECEIVED,
                        campaign,
                        Money.of(1_000, "GBP"),
                        true,
                        new Donor("Donor", email, false),
                        "Good luck",
                        Donations.now());
                sent.add(event);
                expectedCount.merge(campaign, 1L, Long::sum);
            }
            var record = new ProducerRecord<>(Topics.DONATIONS, event.campaignId(), json.writeValueAsString(event));
            record.headers().add("eventType", event.type().getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }

        Map<String, Double> mongoBefore = mongoCommands();
        Map<String, Double> kafkaBefore = kafkaClientCounters();
        Map<String, Double> brokerBefore = brokerRequests();
        Map<String, Long> cpuBefore = threadCpu();
        long batchesBefore = batches();
        long started = System.nanoTime();
        Recording recording = Boolean.getBoolean("bench.jfr") ? startRecording() : null;

        publishAtRate(records, rate);
        for (String campaign : campaigns) {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> http.summary(campaign).path("donationCount").asLong() == expectedCount.get(campaign));
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (recording != null) {
            Path file = Path.of("target", "totals-bench.jfr");
            recording.dump(file);
            recording.close();
            report("JFR profile in %s", file.toAbsolutePath());
        }

        report(
                "%d events (%d received) at %d/s over %d campaigns, all counted after %d ms",
                events, sent.size(), rate, CAMPAIGNS, elapsedMs);
        long batches = batches() - batchesBefore;
        report(
                "campaign batches (campaign.update.latency count): %d, %.1f events per campaign batch",
                batches, (double) events / Math.max(1, batches));
        diff(mongoBefore, mongoCommands())
                .forEach((command, count) ->
                        report("mongo %-14s %7.0f  %.3f per event", command, count, count / events));
        diff(kafkaBefore, kafkaClientCounters())
                .forEach((metric, count) ->
                        report("kafka client %-60s %7.0f  %.3f per event", metric, count, count / events));
        diff(brokerBefore, brokerRequests())
                .forEach((request, count) ->
                        report("broker requests %-22s %7.0f  %.3f per event", request, count, count / events));
        Map<String, Long> cpuAfter = threadCpu();
        Map<String, Long> spent = new TreeMap<>();
        cpuAfter.forEach(
                (name, nanos) -> spent.merge(group(name), nanos - cpuBefore.getOrDefault(name, 0L), Long::sum));
        long total = spent.values().stream().mapToLong(Long::longValue).sum();
        report(
                "thread CPU, all threads of the JVM (service + embedded broker + MongoDB stand-in + this test): %.2f ms per event",
                total / 1e6 / events);
        spent.entrySet().stream()
                .filter(e -> e.getValue() > 50_000_000L)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> report(
                        "  %-50s %8.0f ms  %.3f ms per event",
                        e.getKey(), e.getValue() / 1e6, e.getValue() / 1e6 / events));
        assertThat(elapsedMs).isPositive();
    }

    private static void publishAtRate(List<ProducerRecord<String, String>> records, int rate) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                1))) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                producer.send(records.get(i));
            }
            producer.flush();
        }
    }

    private long batches() {
        Timer timer = meters.find("campaign.update.latency").timer();
        return timer == null ? 0 : timer.count();
    }

    private Map<String, Double> mongoCommands() {
        Map<String, Double> counts = new TreeMap<>();
        meters.find("mongodb.driver.commands")
                .timers()
                .forEach(timer -> counts.merge(timer.getId().getTag("command"), (double) timer.count(), Double::sum));
        return counts;
    }

    private static Map<String, Double> kafkaClientCounters() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> counters = new TreeMap<>();
        for (String[] metric : new String[][] {
            {"kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*", "fetch-total"},
            {"kafka.consumer:type=consumer-coordinator-metrics,client-id=*", "commit-total"},
            {"kafka.consumer:type=consumer-metrics,client-id=*", "request-total"},
            {"kafka.admin.client:type=admin-client-metrics,client-id=*", "request-total"},
            {"kafka.producer:type=producer-metrics,client-id=*", "request-total"}
        }) {
            for (ObjectName name : server.queryNames(new ObjectName(metric[0]), null)) {
                Object value = server.getAttribute(name, metric[1]);
                counters.put(
                        name.getKeyProperty("type") + "/" + name.getKeyProperty("client-id") + " " + metric[1],
                        ((Number) value).doubleValue());
            }
        }
        return counters;
    }

    private static Map<String, Double> brokerRequests() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> counts = new TreeMap<>();
        for (ObjectName name :
                server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            counts.merge(
                    name.getKeyProperty("request"),
                    ((Number) server.getAttribute(name, "Count")).doubleValue(),
                    Double::sum);
        }
        return counts;
    }

    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info != null && nanos > 0) {
                cpu.put(info.getThreadName() + "#" + id, nanos);
            }
        }
        return cpu;
    }

    private static String group(String threadName) {
        return threadName.replaceAll("#\\d+$", "").replaceAll("-?\\d+", "-N");
    }

    private static Map<String, Double> diff(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> diff = new TreeMap<>();
        after.forEach((key, value) -> {
            double delta = value - before.getOrDefault(key, 0.0);
            if (delta > 0) {
                diff.put(key, delta);
            }
        });
        return diff;
    }

    private static Recording startRecording() throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("totals-bench-" + UUID.randomUUID());
        recording.start();
        return recording;
    }

    private static void report(String format, Object... args) {
        System.out.println("BENCH " + format.formatted(args));
    }
}
