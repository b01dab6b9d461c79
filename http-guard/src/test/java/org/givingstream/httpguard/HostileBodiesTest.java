package org.givingstream.httpguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.givingstream.testinfra.HostileUpload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A 500 MB body, chunked or declared, at every spelling of a path whose controller reads its whole body into memory:
 * refused long before it is read, and the service answers normally afterwards. Real Tomcat on a real socket.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "giving.http.max-body-size=64KB")
class HostileBodiesTest {

    private static final long HUGE = 500L * 1024 * 1024;
    /** Far below the body: what sits in socket buffers and the container's swallow allowance, not what was read. */
    private static final long READ_AT_MOST = 16L * 1024 * 1024;

    @Value("${local.server.port}")
    int port;

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        var answer = HostileUpload.chunked(port, "/echo", Map.of(), HUGE);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("payload-too-large").contains("65536");
        assertThat(answer.bytesSentBeforeAnswer()).isLessThan(READ_AT_MOST);
        assertStillServing();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeAnyOfItIsRead() throws Exception {
        var answer = HostileUpload.declared(port, "/echo", Map.of(), HUGE);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.bytesSentBeforeAnswer()).isLessThan(READ_AT_MOST);
        assertStillServing();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/%65cho", "/echo;x", "/echo;jsessionid=1", "//echo", "/./echo", "/x/../echo", "/ECHO/../echo"})
    void otherSpellingsOfThePathAre400WithoutReadingTheBody(String path) throws Exception {
        var answer = HostileUpload.chunked(port, path, Map.of(), HUGE);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.bytesSentBeforeAnswer()).isLessThan(READ_AT_MOST);
        assertStillServing();
    }

    @Test
    void aBodyWithinTheLimitReachesTheController() throws Exception {
        var answer = HostileUpload.chunked(port, "/echo", Map.of(), 60_000);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("60000");
    }

    private void assertStillServing() throws Exception {
        assertThat(HostileUpload.declared(port, "/echo", Map.of(), 10).body()).isEqualTo("10");
    }

    @SpringBootApplication
    @RestController
    static class EchoApplication {

        /** Reads the whole body into memory, as the webhook controllers do. */
        @PostMapping("/echo")
        String echo(@RequestBody byte[] body) {
            return String.valueOf(body.length);
        }

        /** 401 without the right bearer token, as the services' ops and organiser endpoints answer. */
        @GetMapping("/secret")
        ResponseEntity<String> secret(@RequestHeader(name = "Authorization", required = false) String authorization) {
            return ("Bearer " + FailedAttemptsAreThrottledTest.TOKEN).equals(authorization)
                    ? ResponseEntity.ok("secret")
                    : ResponseEntity.status(401).body("who are you?");
        }
    }
}
