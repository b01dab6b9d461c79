package org.givingstream.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.givingstream.bench.baseline.SyncMonolith;
import org.givingstream.localstack.LocalStack;
import org.givingstream.localstack.StackConfig;

/**
 * The same load against {@link SyncMonolith}, run as its own JVM with the services' flags, on the stack's MongoDB
 * stand-in and GreenMail. Its receipts are sent before it answers, so there is nothing to drain and the summary is
 * up to date when the webhook is answered.
 */
final class BaselineBench implements AutoCloseable {

    static final String SWEEP = "baseline-sweep";

    private final Options options;
    private final StackConfig config;
    private final LocalStack stack;
    private final Path results;
    private final Process process;
    private final String webhookUrl;
    private final MongoClient mongo;
    private final MongoCollection<Document> campaigns;
    private final MongoCollection<Document> donations;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private BaselineBench(Options options, LocalStack stack, Path results, Process process, int port) {
        this.options = options;
        this.stack = stack;
        StackConfig config = stack.config();
        this.config = config;
        this.results = results;
        this.process = process;
        this.webhookUrl = "http://127.0.0.1:" + port + "/webhooks/stripe";
        this.mongo = MongoClients.create(config.mongoUri(""));
        this.campaigns = mongo.getDatabase("baseline").getCollection("campaigns");
        this.donations = mongo.getDatabase("baseline").getCollection("donations");
    }

    static BaselineBench start(Options options, LocalStack stack, Path results) throws Exception {
        StackConfig config = stack.config();
        int port = Main.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Main.FRONT_DOOR_JVM);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                SyncMonolith.class.getName(),
                String.valueOf(port),
                config.mongoUri(""),
                String.valueOf(config.smtpPort()),
                config.stripeSecret()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(config.logDir().resolve("baseline.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        var bench = new BaselineBench(options, stack, results, process, port);
        bench.awaitHealthy(port);
        bench.warmUp();
        return bench;
    }

    ScenarioResult run(String scenario) throws Exception {
        if (scenario.equals(SWEEP)) {
            return new RateSweep(SWEEP, new Target(), options, results).run();
        }
        System.out.printf("%n== %s ==%n", scenario);
        String tag = scenario.replace("-", "");
        Schedule schedule = StackBench.schedule(scenario, options);
        List<String> ids = StackBench.campaigns(scenario);
        addCampaigns(ids);
        var mix = new DonationMix(tag, ids, options.pairShare(), options.emailShare(), tag.hashCode());
        var cpuBefore = cpu();
        var meter = CpuCost.meter(this::cpu, options.cpuIdle());
        LoadRun run = LoadRun.drive(
                http,
                webhookUrl,
                config.stripeSecret(),
                options.maxInFlight(),
                schedule,
                mix,
                Timeline.Gauges.NONE,
                results.resolve(scenario + ".hlog"),
                LoadRun.Fault.NONE,
                () -> {});
        System.out.printf(
                "load done: %d sent, %d accepted first time (%.0f/s), %d delivered again%n",
                run.sent, run.acceptedFirstTime, run.acceptedPerSecond, run.redelivered);
        Map<String, String> checks = new LinkedHashMap<>();
        finalChecks(tag, ids, mix, checks);
        StackBench.awaitCpuTail(run, options);
        CpuCost cost = meter.stop(run.generator.accepted());
        run.timeline.stop();
        var cpu = Main.cpuDelta(cpuBefore, cpu());
        Map<String, Long> rss = residentMemory();
        Main.post(http, config.mailApiUrl() + "/api/mail/purge", "");
        Main.writeHgrm(results.resolve(scenario + ".hgrm"), run.timeline.total());
        var result = new ScenarioResult(
                scenario,
                "the same load as '" + scenario.substring("baseline-".length()) + "', handled synchronously by one JVM",
                schedule,
                run.sent,
                run.acceptedFirstTime,
                run.acceptedPerSecond,
                run.generator.statuses(),
                run.generator.noAnswer(),
                run.redelivered,
                run.timeline.total(),
                null,
                Duration.ZERO,
                mix.receiptsOwed(),
                0,
                Duration.ZERO,
                Double.NaN,
                checks,
                cpu,
                rss,
                Duration.ofNanos(System.nanoTime() - run.origin),
                run.timeline.rows(),
                List.of(),
                null,
                cost,
                Duration.ofNanos(run.loadEndNanos - run.origin));
        Chart.write(results.resolve(scenario + ".svg"), result);
        return result;
    }

    private void addCampaigns(List<String> ids) {
        ids.forEach(id -> campaigns.insertOne(new Document("_id", id)
                .append("raised", 0L)
                .append("donationCount", 0L)
                .append("refunded", 0L)));
    }

    /** Totals exact and every receipt mailed: both done before each answer, so there is nothing to wait for. */
    private void finalChecks(String tag, List<String> ids, DonationMix mix, Map<String, String> checks)
            throws Exception {
        String mismatch = totalsMismatch(mix.expected());
        checks.put(
                "totals",
                mismatch.isEmpty()
                        ? "OK: " + ids.size() + " campaigns show raised = sum sent - refunds, and every donation"
                        : "FAILED: " + mismatch);
        long withEmail = donations.countDocuments(
                Filters.and(Filters.regex("_id", "^stripe:pi_" + tag + "_"), Filters.ne("email", null)));
        var sample = GreenMailSample.check(http, config.mailApiUrl(), mix.gifts(), 20);
        checks.put(
                "receipts",
                (withEmail == mix.receiptsOwed() && sample.ok() ? "OK: " : "FAILED: ")
                        + "%d owed, %d donations with email stored, each mailed before the answer; %s"
                                .formatted(mix.receiptsOwed(), withEmail, sample));
    }

    /** The baseline as the rate sweep sees it: nothing waits after an answer. */
    private final class Target implements SweepTarget {

        @Override
        public void addCampaigns(List<String> ids) {
            BaselineBench.this.addCampaigns(ids);
        }

        @Override
        public void begin() {}

        @Override
        public LoadRun load(Schedule schedule, DonationMix mix) throws Exception {
            return LoadRun.drive(
                    http,
                    webhookUrl,
                    config.stripeSecret(),
                    options.maxInFlight(),
                    schedule,
                    mix,
                    Timeline.Gauges.NONE,
                    null,
                    LoadRun.Fault.NONE,
                    () -> {});
        }

        @Override
        public SweepResult.Backlog backlog() {
            return SweepResult.Backlog.NONE;
        }

        @Override
        public boolean catchesUp() {
            return false;
        }

        @Override
        public StackBench.Settled finalChecks(DonationMix mix, LoadRun last, Map<String, String> checks)
                throws Exception {
            BaselineBench.this.finalChecks(RateSweep.tag(SWEEP), StackBench.campaigns(SWEEP), mix, checks);
            return new StackBench.Settled(Duration.ZERO, new StackBench.Drain(Duration.ZERO, Double.NaN));
        }

        @Override
        public Map<String, Duration> cpuTimes() {
            return cpu();
        }

        @Override
        public Map<String, Long> residentMemory() {
            return BaselineBench.this.residentMemory();
        }

        @Override
        public void done() throws Exception {
            Main.post(http, config.mailApiUrl() + "/api/mail/purge", "");
        }

        @Override
        public String description() {
            return "the synchronous baseline monolith (stores, counts and mails before it answers)";
        }
    }

    /** The baseline JVM, the generator, and the MongoDB stand-in and GreenMail it works with (the stopped parts drop out). */
    private Map<String, Duration> cpu() {
        Map<String, Duration> cpu = new java.util.HashMap<>(stack.cpuTimes());
        cpu.put("baseline monolith", ProcessStats.cpuTime(process.pid()));
        return Main.withSelf(cpu);
    }

    private Map<String, Long> residentMemory() {
        Map<String, Long> rss = new TreeMap<>(stack.residentMemoryMib());
        rss.values().removeIf(mib -> mib < 0);
        rss.put("baseline monolith", ProcessStats.residentMemoryMib(process.pid()));
        rss.put(
                CpuCost.GENERATOR,
                ProcessStats.residentMemoryMib(ProcessHandle.current().pid()));
        return rss;
    }

    private String totalsMismatch(Map<String, DonationMix.Expected> expected) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((id, e) -> {
            Document doc = campaigns.find(Filters.eq("_id", id)).first();
            var seen = doc == null
                    ? null
                    : new DonationMix.Expected(
                            number(doc, "raised"), number(doc, "donationCount"), number(doc, "refunded"));
            if (!e.equals(seen)) {
                wrong.add(id + " shows " + seen + ", expected " + e);
            }
        });
        return String.join("; ", wrong);
    }

    private static long number(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private void awaitHealthy(int port) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "baseline exited; see " + config.logDir().resolve("baseline.log"));
            }
            try {
                if (Main.get(http, "http://127.0.0.1:" + port + "/health").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("baseline not up after 60 s");
    }

    private void warmUp() throws Exception {
        List<String> ids = StackBench.campaigns("baseline-warmup");
        ids.forEach(id ->
                campaigns.insertOne(new Document("_id", id).append("raised", 0L).append("donationCount", 0L)));
        var mix = new DonationMix("bwarm", ids, options.pairShare(), options.emailShare(), 2);
        double rate = Math.min(50, options.donationRate()) * DonationMix.webhooksPerDonation(options.pairShare());
        LoadRun warm = LoadRun.drive(
                http,
                webhookUrl,
                config.stripeSecret(),
                options.maxInFlight(),
                new Schedule(rate, Duration.ZERO, options.warmUp()),
                mix,
                Timeline.Gauges.NONE,
                null,
                LoadRun.Fault.NONE,
                () -> {});
        warm.timeline.stop();
    }

    @Override
    public void close() {
        mongo.close();
        Processes.stop(process);
    }
}
