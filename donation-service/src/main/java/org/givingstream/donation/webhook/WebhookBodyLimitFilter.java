package org.givingstream.donation.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized webhook bodies by their declared length before anything reads them, so a flood of large
 * forged requests cannot fill the heap. Chunked bodies (no declared length) are not capped here yet.
 */
@Component
class WebhookBodyLimitFilter extends OncePerRequestFilter {

    private final WebhookProperties properties;
    private final WebhookMetrics metrics;

    WebhookBodyLimitFilter(WebhookProperties properties, WebhookMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String provider = provider(request.getRequestURI());
        long limit = properties.maxBodySize(provider).toBytes();
        if (request.getContentLengthLong() > limit) {
            metrics.outcome(provider, "refused", "too-large");
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("""
                    {"type":"urn:giving-stream:problem:payload-too-large","title":"Webhook body too large",\
                    "status":413,"detail":"Webhook bodies are limited to %d bytes."}"""
                    .formatted(limit));
            return;
        }
        chain.doFilter(request, response);
    }

    /** {@code /webhooks/standard/justgiving} is provider {@code standard}: one metric tag per adapter. */
    private static String provider(String uri) {
        String rest = uri.substring("/webhooks/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
