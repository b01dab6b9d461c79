package org.givingstream.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Seeds "James's wish to walk" (target £50,000.00), attaches the stand-in's JustGiving page, imports a Tree of Hope
 * export and sends a burst of signed Stripe donations through the real webhook endpoint, so a newcomer sees every
 * channel fill the total and receipts arrive.
 */
final class Demo {

    static final String CAMPAIGN_ID = "james-wish-to-walk";
    private static final String[] NAMES = {
        "Amelia Hart",
        "Oliver Brook",
        "Isla Patel",
        "George Evans",
        "Ava Thompson",
        "Noah Williams",
        "Freya Clarke",
        "Arthur Singh",
        "Lily Morgan",
        "Harry Green"
    };
    private static final String[] MESSAGES = {
        "Go James!",
        "Walk tall, little man",
        null,
        "From the Hampshire Chronicle readers",
        "Love from the cake sale team",
        null
    };

    private static final Pattern ORGANISER_TOKEN = Pattern.compile("\"organiserToken\":\"([^\"]+)\"");

    private final StackConfig config;
    private final HttpClient http = HttpClient.newHttpClient();

    Demo(StackConfig config) {
        this.config = config;
    }

    void run(PrintStream out) throws Exception {
        out.println("Demo: creating campaign " + CAMPAIGN_ID);
        HttpResponse<String> created = new CampaignOpener(http, config).open("""
                {"id":"%s","title":"James's wish to walk",
                 "story":"James is two. An operation could help him walk. Every pound counts.",
                 "target":{"minorUnits":5000000,"currency":"GBP"},
                 "organiserName":"The Carter family","organiserEmail":"organisers@example.org"}""".formatted(CAMPAIGN_ID));
        out.println("  -> HTTP " + created.statusCode() + (created.statusCode() == 409 ? " (already there)" : ""));
        if (created.statusCode() == 201) {
            // shown once, as campaign-service shows it: the organiser's key to offline entries and exports
            String token = ORGANISER_TOKEN
                    .matcher(created.body())
                    .results()
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElse("?");
            out.println("  -> organiser token (shown once; keep it): " + token);
            out.println("     record the cake sale: see README, \"An organiser's walkthrough\"");
            attachJustGivingPage(token, out);
            importTreeOfHopeExport(token, out);
        }

        int donations = 50;
        var client = new StripeWebhookClient(config.donationUrl() + "/webhooks/stripe", config.stripeSecret());
        out.println("Demo: sending " + donations + " signed Stripe webhooks");
        List<Future<Integer>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < donations; i++) {
                var checkout = randomCheckout(i);
                answers.add(pool.submit(() -> client.send(checkout).statusCode()));
            }
        }
        long accepted = 0;
        for (Future<Integer> answer : answers) {
            accepted += answer.get() == 200 ? 1 : 0;
        }
        out.println("  -> " + accepted + "/" + donations + " accepted. Watch " + config.campaignUrl() + "/campaigns/"
                + CAMPAIGN_ID + " and the receipts at " + config.mailApiUrl());
    }

    /** The stand-in's JustGiving page: donation-service reads it from now on (a new donation every 8 s). */
    private void attachJustGivingPage(String token, PrintStream out) throws Exception {
        String url =
                config.donationUrl() + "/api/campaigns/" + CAMPAIGN_ID + "/justgiving-pages/" + StandInJustGiving.PAGE;
        HttpResponse<String> attached = null;
        // donation-service learns the campaign from campaign-service's announcement, within a second or so
        for (int attempt = 0; attempt < 20 && (attached == null || attached.statusCode() == 422); attempt++) {
            if (attached != null) {
                Thread.sleep(500);
            }
            attached = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .PUT(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        out.println("Demo: attaching JustGiving page " + StandInJustGiving.PAGE + " -> HTTP " + attached.statusCode());
    }

    /** A Tree of Hope page has no API: its organiser uploads the page's export. */
    private void importTreeOfHopeExport(String token, PrintStream out) throws Exception {
        byte[] export;
        try (var in = Demo.class.getResourceAsStream("/demo/tree-of-hope-export.csv")) {
            export = in.readAllBytes();
        }
        HttpResponse<String> imported = http.send(
                HttpRequest.newBuilder(URI.create(
                                config.donationUrl() + "/api/campaigns/" + CAMPAIGN_ID + "/imports/treeofhope"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(export))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        out.println("Demo: importing a Tree of Hope export -> HTTP " + imported.statusCode() + " " + imported.body());
    }

    private static StripeWebhookClient.Checkout randomCheckout(int i) {
        var random = ThreadLocalRandom.current();
        String name = NAMES[random.nextInt(NAMES.length)];
        long amount = 500L * (1 + random.nextInt(20)); // £5 to £100
        return new StripeWebhookClient.Checkout(
                "pi_demo_" + UUID.randomUUID().toString().replace("-", ""),
                CAMPAIGN_ID,
                amount,
                "GBP",
                name,
                name.toLowerCase().replace(' ', '.') + i + "@example.org",
                random.nextBoolean(),
                random.nextInt(5) == 0,
                MESSAGES[random.nextInt(MESSAGES.length)]);
    }
}
