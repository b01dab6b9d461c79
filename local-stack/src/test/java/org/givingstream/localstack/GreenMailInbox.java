package org.givingstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mails GreenMail holds for an address, read through its REST API (the local stack's mail viewer). */
final class GreenMailInbox {

    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID:\\s*(<[^>]+>)", Pattern.CASE_INSENSITIVE);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String mailApiUrl;

    GreenMailInbox(String mailApiUrl) {
        this.mailApiUrl = mailApiUrl;
    }

    /** The raw text of every mail for one address, in arrival order; none yet is an empty list. */
    List<String> messages(String email) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(mailApiUrl + "/api/user/" + email + "/messages/INBOX"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 || response.statusCode() == 400) {
            return List.of(); // GreenMail creates the user on first delivery
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        for (JsonNode message : json.readTree(response.body())) {
            texts.add(message.path("mimeMessage").asString(""));
        }
        return texts;
    }

    /** The Message-ID of every mail for one address, in arrival order. */
    List<String> messageIds(String email) throws Exception {
        return messages(email).stream().map(GreenMailInbox::messageId).toList();
    }

    static String messageId(String message) {
        Matcher id = MESSAGE_ID.matcher(message);
        return id.find() ? id.group(1) : "(no Message-ID)";
    }
}
