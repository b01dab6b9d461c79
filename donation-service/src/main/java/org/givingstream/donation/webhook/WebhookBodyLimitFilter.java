package org.givingstream.donation.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized webhook bodies, so a flood of large forged requests cannot fill the heap: by their declared
 * length before anything reads them, and, for chunked bodies without a length, by reading at most one byte more than
 * the limit and handing the controller the bytes read.
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
            refuse(provider, limit, response);
            return;
        }
        if (request.getContentLengthLong() < 0) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 1, limit) + 1);
            if (body.length > limit) {
                refuse(provider, limit, response);
                return;
            }
            chain.doFilter(new ReadBody(request, body), response);
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
                "status":413,"detail":"Webhook bodies are limited to %d bytes."}"""
                .formatted(limit));
    }

    /** A request whose (bounded) body has already been read. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has already been read");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /** {@code /webhooks/standard/justgiving} is provider {@code standard}: one metric tag per adapter. */
    private static String provider(String uri) {
        String rest = uri.substring("/webhooks/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
