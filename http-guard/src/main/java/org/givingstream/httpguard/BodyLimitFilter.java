package org.givingstream.httpguard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 413 for a body over {@link HttpGuardProperties#maxBodySize()}: by its declared length before anything reads it
 * (the container then reads no more than that length), and for a chunked body by reading at most one byte more than
 * the limit before the controller runs, then handing it the bytes read. Either way a request holds at most the limit.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    private final int limit;

    BodyLimitFilter(HttpGuardProperties properties) {
        this.limit = Math.toIntExact(properties.maxBodySize().toBytes());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response);
            return;
        }
        if (declared >= 0 || !isChunked(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            refuse(response);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private static boolean isChunked(HttpServletRequest request) {
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && !encoding.isBlank();
    }

    private void refuse(HttpServletResponse response) throws IOException {
        Problems.write(
                response,
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "payload-too-large",
                "Request body too large",
                "Request bodies here are limited to " + limit + " bytes.");
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
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
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
}
