package org.givingstream.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client against the running service: what a browser or another service would send. */
public final class Http {

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final JsonMapper json;

    public Http(int port, JsonMapper json) {
        this.base = "http://localhost:" + port;
        this.json = json;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** A GET with extra headers, given as name, value, name, value... */
    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .headers(headers)
                .GET()
                .build());
    }

    /** A PATCH as an organiser sends it; a null token sends no {@code Authorization} header. */
    public Response patchJson(String path, String token, String body) {
        return patchJsonWithAuthorization(path, token == null ? null : "Bearer " + token, body);
    }

    /** A PATCH with any {@code Authorization} header, or none when null. */
    public Response patchJsonWithAuthorization(String path, String authorization, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    /** A POST without a body, such as {@code /close}; a null token sends no {@code Authorization} header. */
    public Response post(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A POST without body, with one extra header, e.g. {@code Authorization}. */
    public Response post(String path, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    public Response postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** {@code POST /api/campaigns} as the platform administrator does it. */
    public Response createCampaign(String body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + CampaignServiceTest.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A POST with a JSON body and any {@code Authorization} header, or none when null. */
    public Response postJsonWithAuthorization(String path, String authorization, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    /** A DELETE; a null token sends no {@code Authorization} header. */
    public Response delete(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Opens a campaign with the given id and target, checks that it was created and returns its organiser token. */
    public String openCampaign(String id, long targetMinorUnits, String currency) {
        Response created = createCampaign("""
                {"id": "%s", "title": "Campaign %s", "story": "A test campaign",
                 "target": {"minorUnits": %d, "currency": "%s"},
                 "organiserName": "Olive Organiser", "organiserEmail": "olive@example.org"}
                """.formatted(id, id, targetMinorUnits, currency));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not open campaign " + id + ": " + created);
        }
        return created.json().path("organiserToken").asString();
    }

    public JsonNode summary(String campaignId) {
        Response response = get("/api/campaigns/" + campaignId);
        if (response.status() != 200) {
            throw new IllegalStateException("GET summary of " + campaignId + ": " + response);
        }
        return response.json();
    }

    private Response send(HttpRequest request) {
        try {
            return new Response(client.send(request, BodyHandlers.ofString()), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body, JsonMapper mapper) {

        Response(HttpResponse<String> response, JsonMapper mapper) {
            this(response.statusCode(), response.headers(), response.body(), mapper);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return mapper.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
