package org.givingstream.donation.problem;

import java.net.URI;

/** The {@code type} of our RFC 9457 problems: {@code urn:giving-stream:problem:<slug>}. */
public final class ProblemTypes {

    private ProblemTypes() {}

    public static URI of(String slug) {
        return URI.create("urn:giving-stream:problem:" + slug);
    }
}
