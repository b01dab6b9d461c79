package org.givingstream.httpguard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** 400 for a non-canonical raw path (see {@link CanonicalPath}), before anything reads the body. */
final class CanonicalPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!CanonicalPath.isCanonical(request.getRequestURI())) {
            Problems.write(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "non-canonical-path",
                    "Non-canonical path",
                    "Paths are plain segments: no percent-escapes, ';' parameters, empty or dot segments.");
            return;
        }
        chain.doFilter(request, response);
    }
}
