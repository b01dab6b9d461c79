package org.givingstream.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.givingstream.localstack.CampaignOpener;
import org.givingstream.localstack.LocalStack;
import org.givingstream.localstack.TcpProxy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The scenarios against the event-driven platform: webhooks in, totals and receipts through Kafka. */
final class StackBench {

    private static final int OTHER_CAMPAIGNS = 4;
    private static final long OPENING_AMOUNT = 100;

    private final Options options;
    private final LocalStack stack;
    private final TcpProxy smtpProxy;
    private final Path results;
    private final StackGauges gauges;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final HttpClient control = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String webhookUrl;
    private volatile String faultNote;

    StackBench(Options options, LocalStack stack, TcpProxy smtpProxy, Path results) {
        this.options = options;
        this.stack = stack;
        this.smtpProxy = smtpProxy;
        this.results = results;
        this.gauges = new StackGauges(
                stack.config().kafkaBootstrapServers(), stack.config().mongoUri(""));
        this.webhookUrl = stack.config().donationUrl() + "/webhooks/stripe";
    }

    /** Creates every scenario's campaigns up front (they reach donation-service through Kafka), then warms up. */
    void prepare() throws Exception {
        List<String> all = new ArrayList<>(campaigns("warmup"));
        for (String scenario : options.stackScenarios()) {
            all.addAll(campaigns(scenario));
            if (!scenario.equals(RateSweep.NAME)) {
                all.add(probeCampaign(scenario)); // the sweep runs no probe: it would add to the offered rate
            }
        }
        for (String id : all) {
            HttpResponse<String> created = new CampaignOpener(control, stack.config()).open("""
                    {"id":"%s","title":"Bench %s","target":{"minorUnits":100000000,"currency":"GBP"}}""".formatted(id, id));
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("creating " + id + ": " + created.statusCode() + " " + created.body());
            }
        }
        for (String id : all) {
            openingDonation(id);
        }
        System.out.printf(
                "%d campaigns known to donation-service; warming up for %ds%n",
                all.size(), options.warmUp().toSeconds());
        var mix = new DonationMix("warmup", campaigns("warmup"), options.pairShare(), options.emailShare(), 1);
        double rate = Math.min(50, options.donationRate()) * DonationMix.webhooksPerDonation(options.pairShare());
        LoadRun warm = plainLoad(new Schedule(rate, Duration.ZERO, options.warmUp()), mix);
        warm.timeline.stop();
        if (!awaitTotals(expectedWithOpening(mix), Duration.ofMinutes(3))) {
            throw new IllegalStateException("warm-up totals wrong: " + totalsMismatch(expectedWithOpening(mix)));
        }
    }

    ScenarioResult run(String scenario) throws Exception {
        if (scenario.equals(RateSweep.NAME)) {
            return new RateSweep(RateSweep.NAME, new Target(), options, results).run();
        }
        System.out.printf("%n== %s ==%n", scenario);
        String tag = scenario.replace("-", "");
        Schedule schedule = schedule(scenario, options);
        var mix = new DonationMix(tag, campaigns(scenario), options.pairShare(), options.emailShare(), tag.hashCode());
        Map<String, Long> dlqBefore = dlqRecords();
        var cpuBefore = cpuTimes();
        var meter = CpuCost.meter(this::cpuTimes, options.cpuIdle());
        var probe = new SummaryProbe(
                control,
                webhookUrl,
                stack.config().stripeSecret(),
                stack.config().campaignUrl(),
                probeCampaign(scenario),
                1,
                options.probeEvery());
        LoadRun run = LoadRun.drive(
                http,
                webhookUrl,
                stack.config().stripeSecret(),
                options.maxInFlight(),
                schedule,
                mix,
                stackGauges(),
                results.resolve(scenario + ".hlog"),
                fault(scenario),
                probe::start);
        long pendingAtEnd = receiptsWaiting(tag);
        System.out.printf(
                "load done: %d sent, %d accepted first time (%.0f/s), %d delivered again%n",
                run.sent, run.acceptedFirstTime, run.acceptedPerSecond, run.redelivered);

        Map<String, String> checks = new LinkedHashMap<>();
        if (faultNote != null) {
            checks.put("fault", "OK: " + faultNote);
            faultNote = null;
        }
        // the probe stops with the load, so its percentiles describe the load, not the quiet drain after it
        boolean probeDone = probe.finish(options.drainTimeout());
        checks.put(
                "probe",
                probeDone
                        ? "OK: " + probe.sent() + " probe donations counted"
                        : "FAILED: probe donations missing from the summary");
        Settled settled = finalChecks(tag, mix, run, dlqBefore, checks);
        awaitCpuTail(run, options);
        CpuCost cost = meter.stop(run.generator.accepted() + probe.sent());
        run.timeline.stop();
        var cpu = Main.cpuDelta(cpuBefore, cpuTimes());
        Map<String, Long> rss = residentMemory();
        purgeMail();
        Main.writeHgrm(results.resolve(scenario + ".hgrm"), run.timeline.total());
        Main.writeHgrm(results.resolve(scenario + "-summary.hgrm"), probe.latencies());
        var result = new ScenarioResult(
                scenario,
                describe(scenario),
                schedule,
                run.sent,
                run.acceptedFirstTime,
                run.acceptedPerSecond,
                run.generator.statuses(),
                run.generator.noAnswer(),
                run.redelivered,
                run.timeline.total(),
                probe.latencies(),
                settled.totals(),
                mix.receiptsOwed(),
                pendingAtEnd,
                settled.receipts().after(),
                settled.receipts().rate(),
                checks,
                cpu,
                rss,
                Duration.ofNanos(System.nanoTime() - run.origin),
                run.timeline.rows(),
                probe.points(run.origin),
                null,
                cost,
                Duration.ofNanos(run.loadEndNanos - run.origin));
        Chart.write(results.resolve(scenario + ".svg"), result);
        return result;
    }

    /**
     * The load of a fixed scenario, the baseline's included: {@code spike-2000} climbs to
     * {@link Options#bigSpikeRate()} webhooks/s, the other spikes to {@link Options#spikeRate()} donations/s, in 1 s.
     */
    static Schedule schedule(String scenario, Options options) {
        double perDonation = DonationMix.webhooksPerDonation(options.pairShare());
        String load = scenario.replaceFirst("^baseline-", "");
        if (load.equals(Options.BIG_SPIKE)) {
            return new Schedule(options.bigSpikeRate(), Duration.ofSeconds(1), options.spikeHold());
        }
        return load.startsWith("spike")
                ? new Schedule(options.spikeRate() * perDonation, Duration.ofSeconds(1), options.spikeHold())
                : new Schedule(options.donationRate() * perDonation, Duration.ZERO, options.steadyFor());
    }

    /** The CPU window of a fixed scenario runs on, once all is caught up, until {@link Options#cpuTail()} after the load. */
    static void awaitCpuTail(LoadRun run, Options options) throws InterruptedException {
        long left = run.loadEndNanos + options.cpuTail().toNanos() - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    /** The stack as the rate sweep sees it: the backlog downstream, the checks of {@link #finalChecks}. */
    private final class Target implements SweepTarget {

        private Map<String, Long> dlqBefore;

        @Override
        public void addCampaigns(List<String> ids) {
            // created with the others in prepare(): they reach donation-service through Kafka
        }

        @Override
        public void begin() {
            dlqBefore = dlqRecords();
        }

        @Override
        public LoadRun load(Schedule schedule, DonationMix mix) throws Exception {
            return plainLoad(schedule, mix);
        }

        @Override
        public SweepResult.Backlog backlog() {
            return new SweepResult.Backlog(
                    gauges.outboxBacklog(),
                    gauges.lag("campaign-service"),
                    gauges.lag("notification-service"),
                    receiptsWaiting(RateSweep.NAME));
        }

        @Override
        public boolean catchesUp() {
            return true;
        }

        @Override
        public Settled finalChecks(DonationMix mix, LoadRun last, Map<String, String> checks) throws Exception {
            return StackBench.this.finalChecks(RateSweep.NAME, mix, last, dlqBefore, checks);
        }

        @Override
        public Map<String, Duration> cpuTimes() {
            return StackBench.this.cpuTimes();
        }

        @Override
        public Map<String, Long> residentMemory() {
            return StackBench.this.residentMemory();
        }

        @Override
        public void done() throws Exception {
            purgeMail();
        }

        @Override
        public String description() {
            return "the event-driven stack (donation-service's webhook; totals and receipts through Kafka)";
        }
    }

    /** A fixed schedule with no gauges sampled alongside (they cost the platform a full scan a second) and no fault. */
    LoadRun plainLoad(Schedule schedule, DonationMix mix) throws Exception {
        return LoadRun.drive(
                http,
                webhookUrl,
                stack.config().stripeSecret(),
                options.maxInFlight(),
                schedule,
                mix,
                Timeline.Gauges.NONE,
                null,
                LoadRun.Fault.NONE,
                () -> {});
    }

    /** Totals, receipts and dead letters once everything sent from {@code mix} is in; {@code last} is its last load. */
    record Settled(Duration totals, Drain receipts) {}

    Settled finalChecks(
            String tag, DonationMix mix, LoadRun last, Map<String, Long> dlqBefore, Map<String, String> checks)
            throws Exception {
        Duration settled = awaitTotals(expectedWithOpening(mix), options.drainTimeout()) ? last.sinceLoadEnd() : null;
        checks.put(
                "totals",
                settled != null
                        ? "OK: " + mix.expected().size()
                                + " campaigns show raised = sum sent - refunds, and every donation"
                        : "FAILED: " + totalsMismatch(expectedWithOpening(mix)));
        Drain drain = awaitReceipts(tag, mix.receiptsOwed(), last);
        checks.put("receipts", receiptCheck(tag, mix));
        checks.put("dead letters", dlqCheck(dlqBefore));
        return new Settled(settled, drain);
    }

    Map<String, Duration> cpuTimes() {
        return Main.withSelf(stack.cpuTimes());
    }

    Map<String, Long> residentMemory() {
        Map<String, Long> rss = new java.util.TreeMap<>(stack.residentMemoryMib());
        rss.put(
                "load generator",
                ProcessStats.residentMemoryMib(ProcessHandle.current().pid()));
        return rss;
    }

    /** Keeps GreenMail's heap small between scenarios. */
    void purgeMail() throws Exception {
        Main.post(control, stack.config().mailApiUrl() + "/api/mail/purge", "");
    }

    /** Receipts of a scenario claimed but not sent (-1 unknown). */
    long receiptsWaiting(String tag) {
        try {
            return gauges.receiptsNotSent(receiptPrefix(tag));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String receiptPrefix(String tag) {
        return "pi_" + tag + "_";
    }

    private String describe(String scenario) {
        return switch (scenario) {
            case "steady" ->
                "%.0f donations/s for %d s"
                        .formatted(options.donationRate(), options.steadyFor().toSeconds());
            case "spike" ->
                "0 to %.0f donations/s in 1 s, held %d s"
                        .formatted(options.spikeRate(), options.spikeHold().toSeconds());
            case Options.BIG_SPIKE ->
                "0 to %.0f webhooks/s in 1 s, held %d s"
                        .formatted(options.bigSpikeRate(), options.spikeHold().toSeconds());
            case "spike-smtp-down" -> "the spike, notification-service's SMTP unreachable from its start to its end";
            case "spike-kafka-down" ->
                "the spike, Kafka killed %d s in and restarted %d s later"
                        .formatted(
                                options.kafkaKilledAfter().toSeconds(),
                                options.kafkaDownFor().toSeconds());
            default -> scenario;
        };
    }

    private LoadRun.Fault fault(String scenario) {
        return switch (scenario) {
            case "spike-smtp-down" ->
                new LoadRun.Fault() {
                    private long cutAt;

                    @Override
                    public void during(long origin) {
                        smtpProxy.cut();
                        cutAt = System.nanoTime();
                    }

                    @Override
                    public void afterLoad() {
                        smtpProxy.restore();
                        faultNote = "SMTP unreachable for %.1f s, from the start of the load to its end"
                                .formatted((System.nanoTime() - cutAt) / 1e9);
                    }
                };
            case "spike-kafka-down" ->
                origin -> {
                    LoadRun.pause(options.kafkaKilledAfter());
                    stack.kill("kafka");
                    long killedAt = System.nanoTime();
                    System.out.println("kafka killed");
                    LoadRun.pause(options.kafkaDownFor());
                    Duration ready = stack.restart("kafka");
                    faultNote =
                            "Kafka killed %.1f s into the load, restarted %d s later, accepting connections %.1f s after the kill"
                                    .formatted(
                                            (killedAt - origin) / 1e9,
                                            options.kafkaDownFor().toSeconds(),
                                            (System.nanoTime() - killedAt) / 1e9);
                    System.out.println(faultNote);
                };
            default -> LoadRun.Fault.NONE;
        };
    }

    private Timeline.Gauges stackGauges() {
        return new Timeline.Gauges(
                () -> gauges.lag("campaign-service"),
                () -> gauges.lag("notification-service"),
                gauges::outboxBacklog,
                gauges::receiptsPending);
    }

    static List<String> campaigns(String scenario) {
        List<String> ids = new ArrayList<>(List.of(scenario + "-hot"));
        for (int i = 1; i <= OTHER_CAMPAIGNS; i++) {
            ids.add(scenario + "-c" + i);
        }
        return ids;
    }

    private static String probeCampaign(String scenario) {
        return scenario + "-probe";
    }

    /** One small donation per campaign, re-sent until donation-service has heard of the campaign (422 until then). */
    private void openingDonation(String campaignId) throws Exception {
        Gift gift =
                new Gift("pi_open_" + campaignId.replace("-", ""), campaignId, OPENING_AMOUNT, "Opening", null, false);
        Instant giveUp = Instant.now().plusSeconds(120);
        while (true) {
            String body = StripeEvents.checkoutCompleted(gift, Instant.now().getEpochSecond());
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(webhookUrl))
                    .header("Content-Type", "application/json")
                    .header(
                            "Stripe-Signature",
                            StripeEvents.signature(stack.config().stripeSecret(), body, Instant.now()))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build();
            int status = control.send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status == 200) {
                return;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("campaign " + campaignId + " still refused with " + status);
            }
            Thread.sleep(250);
        }
    }

    private static Map<String, DonationMix.Expected> expectedWithOpening(DonationMix mix) {
        Map<String, DonationMix.Expected> expected = new LinkedHashMap<>();
        mix.expected()
                .forEach((campaign, e) ->
                        expected.put(campaign, e.plus(new DonationMix.Expected(OPENING_AMOUNT, 1, 0))));
        return expected;
    }

    /** @return whether every campaign showed its expected totals within the timeout */
    private boolean awaitTotals(Map<String, DonationMix.Expected> expected, Duration timeout) throws Exception {
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            if (totalsMismatch(expected).isEmpty()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private String totalsMismatch(Map<String, DonationMix.Expected> expected) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (var e : expected.entrySet()) {
            HttpResponse<String> response =
                    Main.get(control, stack.config().campaignUrl() + "/api/campaigns/" + e.getKey());
            if (response.statusCode() != 200) {
                wrong.add(e.getKey() + " answered " + response.statusCode());
                continue;
            }
            JsonNode summary = json.readTree(response.body());
            var seen = new DonationMix.Expected(
                    summary.path("raised").path("minorUnits").asLong(),
                    summary.path("donationCount").asLong(),
                    summary.path("refunded").path("minorUnits").asLong());
            if (!seen.equals(e.getValue())) {
                wrong.add(e.getKey() + " shows " + seen + ", expected " + e.getValue());
            }
        }
        return String.join("; ", wrong);
    }

    record Drain(Duration after, double rate) {}

    /** Waits until every receipt owed in this scenario is sent; measures the sending rate on the way. */
    private Drain awaitReceipts(String tag, long owed, LoadRun run) throws Exception {
        String prefix = receiptPrefix(tag);
        Instant giveUp = Instant.now().plus(options.drainTimeout());
        long firstSent = -1;
        long firstAt = 0;
        while (Instant.now().isBefore(giveUp)) {
            long sent = gauges.receipts(prefix, true);
            long now = System.nanoTime();
            if (firstSent < 0) {
                firstSent = sent;
                firstAt = now;
            }
            double rate = now > firstAt ? (sent - firstSent) / ((now - firstAt) / 1e9) : Double.NaN;
            if (sent >= owed) {
                return new Drain(run.sinceLoadEnd(), rate);
            }
            // each count scans the stand-in's notifications and lands in the scenario's CPU: poll about four times
            // over the expected drain at the mail rate, twice a second near the end
            Thread.sleep(Math.clamp((owed - sent) * 1000 / Math.max(1, options.mailRate()) / 4, 500, 5_000));
        }
        long sent = gauges.receipts(prefix, true);
        return new Drain(null, (sent - firstSent) / ((System.nanoTime() - firstAt) / 1e9));
    }

    private String receiptCheck(String tag, DonationMix mix) throws Exception {
        String prefix = receiptPrefix(tag);
        long claimed = gauges.receipts(prefix, false);
        long sent = gauges.receipts(prefix, true);
        var sample = GreenMailSample.check(control, stack.config().mailApiUrl(), mix.gifts(), 20);
        boolean ok = claimed == mix.receiptsOwed() && sent == claimed && sample.ok();
        return (ok ? "OK: " : "FAILED: ")
                + "%d owed, %d claimed, %d sent (one claim per donation by _id); %s"
                        .formatted(mix.receiptsOwed(), claimed, sent, sample);
    }

    Map<String, Long> dlqRecords() {
        Map<String, Long> records = new LinkedHashMap<>();
        StackGauges.DLQ_TOPICS.forEach(topic -> records.put(topic, gauges.records(topic)));
        return records;
    }

    private String dlqCheck(Map<String, Long> before) {
        Map<String, Long> after = dlqRecords();
        List<String> grew = new ArrayList<>();
        for (var topic : after.entrySet()) {
            long was = before.get(topic.getKey());
            if (was < 0 || topic.getValue() < 0) {
                grew.add(topic.getKey() + " unknown (Kafka did not answer)");
            } else if (topic.getValue() > was) {
                grew.add(topic.getKey() + " +" + (topic.getValue() - was));
            }
        }
        return grew.isEmpty() ? "OK: nothing new in " + StackGauges.DLQ_TOPICS : "FAILED: " + String.join(", ", grew);
    }
}
