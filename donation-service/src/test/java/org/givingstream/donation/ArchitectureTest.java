package org.givingstream.donation;

import org.givingstream.testinfra.ServiceArchitectureTest;

/** README's rules for this service's code: see {@link ServiceArchitectureTest}. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("org.givingstream.donation");
    }
}
