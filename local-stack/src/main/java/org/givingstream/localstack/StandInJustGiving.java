package org.givingstream.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for JustGiving's public fundraising API on the local stack (no network needed): one page,
 * {@value #PAGE}, whose donations grow by one every few seconds, answered in JustGiving's shape — newest first with a
 * {@code pagination} block, {@code /Date(ms+0000)/} dates, decimal amounts — and the page's own totals.
 */
final class StandInJustGiving implements AutoCloseable {

    static final String PAGE = "jameswishtowalk";
    static final String APP_ID = "local-stack-demo";
    private static final Pattern DONATIONS = Pattern.compile("/[^/]+/v1/fundraising/pages/([^/]+)/donations");
    private static final Pattern PAGE_PATH = Pattern.compile("/[^/]+/v1/fundraising/pages/([^/]+)");
    private static final String[] NAMES = {
        "Grandma Jean",
        "The Patels",
        "Sam from work",
        "Auntie Rose",
        null,
        "Hampshire Runners",
        "Mia & Tom",
        null,
        "St Mary's School PTA",
        "Uncle Dave"
    };
    private static final String[] MESSAGES = {
        "Go James!", "Every step counts", "", "Love from all of us", "For James's first steps"
    };

    private final HttpServer server;
    private final ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("justgiving-stand-in").daemon().factory());
    private final JsonMapper json = JsonMapper.builder().build();
    /** Newest first. */
    private final List<Map<String, Object>> donations = new ArrayList<>();
    /** JustGiving's ids are unique for good: a stack started again (on the same MongoDB data) must not reuse any. */
    private long nextId = System.currentTimeMillis() / 1000 * 1000;

    private StandInJustGiving(HttpServer server) {
        this.server = server;
    }

    /** On {@code port}, or any free port when it is taken. */
    static StandInJustGiving start(int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException taken) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        }
        StandInJustGiving standIn = new StandInJustGiving(server);
        for (int i = 0; i < 12; i++) {
            standIn.arrive(Instant.now().minusSeconds(3_600L * (12 - i)));
        }
        server.createContext("/", standIn::answer);
        server.setExecutor(
                Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory()));
        server.start();
        standIn.arrivals.scheduleAtFixedRate(() -> standIn.arrive(Instant.now()), 8, 8, TimeUnit.SECONDS);
        return standIn;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void arrive(Instant at) {
        var random = ThreadLocalRandom.current();
        long id = nextId++;
        BigDecimal amount = BigDecimal.valueOf(500L * (1 + random.nextInt(10)) + (random.nextBoolean() ? 0 : 50), 2);
        Map<String, Object> donation = new LinkedHashMap<>();
        donation.put("id", id);
        donation.put("amount", amount);
        donation.put("currencyCode", "GBP");
        donation.put("donorLocalAmount", amount);
        donation.put("donorLocalCurrencyCode", "GBP");
        donation.put("donationDate", "/Date(" + at.toEpochMilli() + "+0000)/");
        String name = NAMES[random.nextInt(NAMES.length)];
        if (name != null) {
            donation.put("donorDisplayName", name);
        }
        donation.put("message", MESSAGES[random.nextInt(MESSAGES.length)]);
        donation.put("estimatedTaxReclaim", random.nextBoolean() ? amount.divide(BigDecimal.valueOf(4)) : 0);
        donation.put("source", "SponsorshipDonations");
        donation.put("status", "Accepted");
        donation.put("thirdPartyReference", null);
        donations.addFirst(donation);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Matcher list = DONATIONS.matcher(uri.getPath());
            Matcher page = PAGE_PATH.matcher(uri.getPath());
            if (list.matches() && PAGE.equals(list.group(1))) {
                Map<String, String> query = query(uri.getRawQuery());
                int pageNum = Math.max(1, parse(query.get("pageNum"), 1));
                int pageSize = Math.min(150, Math.max(1, parse(query.get("pageSize"), 25)));
                send(exchange, 200, json.writeValueAsString(donationsPage(pageNum, pageSize)));
            } else if (page.matches() && PAGE.equals(page.group(1))) {
                send(exchange, 200, json.writeValueAsString(totals()));
            } else {
                send(exchange, 404, "{\"errorMessage\":\"Page not found\"}");
            }
        }
    }

    private synchronized Map<String, Object> donationsPage(int pageNum, int pageSize) {
        int from = Math.min(donations.size(), (pageNum - 1) * pageSize);
        List<Map<String, Object>> slice =
                List.copyOf(donations.subList(from, Math.min(donations.size(), from + pageSize)));
        return Map.of(
                "pageShortName", PAGE,
                "donations", slice,
                "pagination",
                        Map.of(
                                "pageNumber", pageNum,
                                "pageSizeRequested", pageSize,
                                "pageSizeReturned", slice.size(),
                                "totalPages", Math.max(1, (donations.size() + pageSize - 1) / pageSize),
                                "totalResults", donations.size()));
    }

    private synchronized Map<String, Object> totals() {
        BigDecimal raised =
                donations.stream().map(d -> (BigDecimal) d.get("amount")).reduce(BigDecimal.ZERO, BigDecimal::add);
        return Map.of(
                "pageShortName",
                PAGE,
                "title",
                "James's wish to walk",
                "currencyCode",
                "GBP",
                "totalRaisedOnline",
                raised.setScale(2).toPlainString(),
                "totalEstimatedGiftAid",
                "0.00",
                "donationCount",
                donations.size());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }

    private static int parse(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @Override
    public void close() {
        arrivals.shutdownNow();
        server.stop(0);
    }
}
