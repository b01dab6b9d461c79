package org.givingstream.testinfra;

import java.util.function.Supplier;

/** Holds the one {@link Infrastructure} of this JVM; started lazily so that skipped tests start nothing. */
enum SharedInfrastructure implements Supplier<Infrastructure> {
    INSTANCE;

    private Infrastructure infrastructure;

    @Override
    public synchronized Infrastructure get() {
        if (infrastructure == null) {
            infrastructure = Infrastructure.containersRequested()
                    ? ContainerInfrastructure.start()
                    : EmbeddedInfrastructure.start();
        }
        return infrastructure;
    }
}
