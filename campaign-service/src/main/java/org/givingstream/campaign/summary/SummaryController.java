package org.givingstream.campaign.summary;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/campaigns/{id}}: a campaign's public summary, for anyone, read through the {@link SummaryCache}. */
@RestController
class SummaryController {

    private final SummaryCache summaries;

    SummaryController(SummaryCache summaries) {
        this.summaries = summaries;
    }

    /**
     * The JSON is sent as cached, byte for byte, so its strong ETag holds; Spring answers a matching
     * {@code If-None-Match} with {@code 304}. One second of public caching lets a proxy absorb a crowd too.
     */
    @GetMapping("/api/campaigns/{id}")
    ResponseEntity<String> summary(@PathVariable String id) {
        CachedSummary summary = summaries.get(id);
        return ResponseEntity.ok()
                .eTag(summary.etag())
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(1)).cachePublic())
                .contentType(MediaType.APPLICATION_JSON)
                .body(summary.json());
    }
}
