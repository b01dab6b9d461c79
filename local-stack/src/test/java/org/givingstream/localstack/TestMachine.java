package org.givingstream.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Assumptions;

/** What the end-to-end tests need from the machine they run on. */
final class TestMachine {

    private TestMachine() {}

    /**
     * A tool the tests need (a browser, Prometheus) is missing: the test is skipped with the reason on a developer's
     * machine, but fails on CI ({@code CI=true}), which installs it, so a missing install step cannot pass unseen.
     */
    static void missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        Assumptions.abort(reason);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
