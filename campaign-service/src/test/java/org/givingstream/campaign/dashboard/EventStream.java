package org.givingstream.campaign.dashboard;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Server-Sent Events client as a browser's EventSource is: keeps every event it reads, by name. */
final class EventStream implements AutoCloseable {

    record Event(String name, JsonNode data) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    EventStream(String url, JsonMapper json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .build();
        response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        events.add(new Event(name, json.readTree(line.substring(5))));
                    } else if (line.isEmpty()) {
                        name = "message";
                    }
                }
            } catch (Exception streamClosed) {
                // the test is over
            }
        });
    }

    List<JsonNode> named(String name) {
        return events.stream()
                .filter(event -> event.name().equals(name))
                .map(Event::data)
                .toList();
    }

    /** The newest event of that name, or null. */
    JsonNode last(String name) {
        List<JsonNode> all = named(name);
        return all.isEmpty() ? null : all.getLast();
    }

    @Override
    public void close() throws Exception {
        reader.interrupt();
        response.body().close();
    }
}
