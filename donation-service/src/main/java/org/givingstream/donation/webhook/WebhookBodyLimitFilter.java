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
 * Refuses webhook bodies over their provider's limit (lower than the service-wide one), counted per provider. The
 * length is always known here: http-guard, earlier in the chain, has read a chunked body (up to the service-wide
 * limit) and hands it on with its length.
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
        // the raw path is the decoded one: http-guard refused every other spelling before this filter
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String provider = provider(request.getRequestURI());
        long limit = properties.maxBodySize(provider).toBytes();
        if (request.getContentLengthLong() > limit) {
            refuse(provider, limit, response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(String provider, long limit, HttpServletResponse response) throws IOException {
        metrics.outcome(provider, "refused", "too-large");
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("""
                {"type":"urn:giving-stream:problem:payload-too-large","title":"Webhook body too large",\
                "status":413,"detail":"Webhook bodies are limited to %d bytes."}""".formatted(limit));
    }

    /** {@code /webhooks/standard/justgiving} is provider {@code standard}; a path no adapter serves, {@code other}. */
    private static String provider(String uri) {
        String rest = uri.substring("/webhooks/".length());
        int slash = rest.indexOf('/');
        return WebhookMetrics.providerTag(slash < 0 ? rest : rest.substring(0, slash));
    }
}
