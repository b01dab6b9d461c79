package org.givingstream.httpguard;

import java.util.regex.Pattern;

/**
 * The request paths this platform serves are plain: slash-separated segments of unreserved characters. A raw path
 * with percent-escapes, {@code ;} path parameters, empty or dot segments means the same thing as another spelling
 * once the container decodes it, so a check on the raw path (a body limit, a route rule) could be walked around.
 * Refusing those spellings keeps raw and decoded paths one and the same.
 */
final class CanonicalPath {

    /** RFC 3986 unreserved characters and sub-delimiters, {@code :} and {@code @}; no {@code %} and no {@code ;}. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,=:@-]+");

    private CanonicalPath() {}

    static boolean isCanonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        if (rawPath.equals("/")) {
            return true;
        }
        // one trailing slash is a spelling a person types, not a trick
        String path = rawPath.substring(1, rawPath.endsWith("/") ? rawPath.length() - 1 : rawPath.length());
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".")
                    || segment.equals("..")
                    || !SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }
}
