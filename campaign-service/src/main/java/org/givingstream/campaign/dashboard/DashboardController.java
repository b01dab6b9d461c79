package org.givingstream.campaign.dashboard;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /campaigns/{id}}: the live page. One static file for every campaign; its script reads the id from the
 * URL, reads {@code /api/campaigns/{id}} once and then follows {@code /api/campaigns/{id}/stream} (Server-Sent
 * Events), so the page itself needs no server-side rendering.
 */
@Controller
class DashboardController {

    private static final Resource PAGE = new ClassPathResource("dashboard/dashboard.html");

    private final SummaryStream stream;

    DashboardController(SummaryStream stream) {
        this.stream = stream;
    }

    /**
     * The summary as it changes: an event named {@code summary} with the same JSON as the summary API, and an
     * event named {@code status} ({@code {"lag": 3, "catchingUp": false}}) whenever that changes.
     */
    @GetMapping(path = "/api/campaigns/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter summaries(@PathVariable String id) {
        return stream.subscribe(id);
    }

    @GetMapping(path = "/campaigns/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> dashboard() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()) // revalidate, so a new release reaches open pages on reload
                .body(PAGE);
    }
}
