package org.givingstream.httpguard;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/** RFC 9457 answers written straight to the response: these filters run before Spring MVC's error handling. */
final class Problems {

    private Problems() {}

    static void write(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // the rest of a refused body is not worth reading: the container closes the connection instead of draining it
        response.setHeader("Connection", "close");
        // bytes, not the writer: JSON is UTF-8 by definition, and the writer would add a charset parameter
        response.getOutputStream()
                .write("""
                {"type":"urn:giving-stream:problem:%s","title":"%s","status":%d,"detail":"%s"}""".formatted(type, title, status, detail).getBytes(StandardCharsets.UTF_8));
    }
}
