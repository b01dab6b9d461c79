package org.givingstream.bench;

import java.util.concurrent.TimeUnit;

/** The JVMs the bench starts itself (the baseline, the floors). */
final class Processes {

    private Processes() {}

    /** SIGTERM, then SIGKILL if it is still there after 10 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
