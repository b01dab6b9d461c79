package org.givingstream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Prometheus queries of a provisioned Grafana dashboard's panels, as Grafana would send them. */
final class GrafanaDashboard {

    /**
     * Grafana's built-in interval variables, as they come out for the test's one-second scrape: {@code
     * $__rate_interval} is at least four scrape intervals, the dashboard's rates use 1m.
     */
    private static final Map<String, String> BUILT_IN =
            Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "5m");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    /** One target of one panel, its {@code expr} with every variable substituted. */
    record Query(String panel, String refId, String promql) {
        @Override
        public String toString() {
            return "panel '" + panel + "' " + refId + ": " + promql;
        }
    }

    private GrafanaDashboard() {}

    /** Every panel's target expression, rows' nested panels included. */
    static List<Query> queries(Path dashboardJson) throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(dashboardJson));
        Map<String, String> variables = new LinkedHashMap<>(BUILT_IN);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            variables.put(
                    variable.path("name").asString(),
                    variable.path("current").path("value").asString());
        }
        List<Query> queries = new ArrayList<>();
        collect(dashboard.path("panels"), variables, queries);
        return queries;
    }

    private static void collect(JsonNode panels, Map<String, String> variables, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new Query(
                            panel.path("title").asString(),
                            target.path("refId").asString(),
                            substitute(target.path("expr").asString(), variables)));
                }
            }
            collect(panel.path("panels"), variables, queries); // a collapsed row holds its panels
        }
    }

    private static String substitute(String expr, Map<String, String> variables) {
        Matcher variable = VARIABLE.matcher(expr);
        StringBuilder substituted = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalStateException("'" + expr + "' uses $" + name
                        + ", neither a dashboard variable nor one of " + BUILT_IN.keySet());
            }
            variable.appendReplacement(substituted, Matcher.quoteReplacement(value));
        }
        variable.appendTail(substituted);
        return substituted.toString();
    }
}
