package org.givingstream.httpguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A client that keeps presenting wrong tokens is answered 429 after its allowance, even with the right token, while
 * another client is served as before. Real Tomcat; the two clients are two loopback addresses.
 */
@SpringBootTest(
        classes = HostileBodiesTest.EchoApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "giving.http.auth-failures.per-minute=3")
class FailedAttemptsAreThrottledTest {

    static final String TOKEN = "the-right-token-0123456789abcdef";

    @Value("${local.server.port}")
    int port;

    @Test
    void afterItsAllowanceOfFailuresAClientIsRefusedWith429AndOthersAreNot() throws Exception {
        HttpClient guesser = client("127.0.0.3");
        for (int i = 0; i < 3; i++) {
            assertThat(get(guesser, "Bearer guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = get(guesser, "Bearer " + TOKEN);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(throttled.body()).contains("too-many-failed-attempts");
        assertThat(throttled.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));

        HttpClient other = client("127.0.0.4");
        assertThat(get(other, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get(other, null).statusCode()).isEqualTo(401);
    }

    @Test
    void successesUseNoAllowance() throws Exception {
        HttpClient regular = client("127.0.0.5");
        for (int i = 0; i < 20; i++) {
            assertThat(get(regular, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        }
    }

    private static HttpClient client(String from) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build();
    }

    private HttpResponse<String> get(HttpClient client, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/secret"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
