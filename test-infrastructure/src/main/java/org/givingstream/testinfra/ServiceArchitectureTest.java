package org.givingstream.testinfra;

import org.junit.jupiter.api.Test;

/**
 * README's rules for a service's code, checked on its compiled classes (no Spring context, no infrastructure). Each
 * service's {@code ArchitectureTest} extends this with its root package.
 */
public abstract class ServiceArchitectureTest {

    private final ServiceArchitecture service;

    protected ServiceArchitectureTest(String rootPackage) {
        this.service = ServiceArchitecture.of(rootPackage);
    }

    @Test
    void usesNoOtherModuleButTheSharedOnes() {
        service.usesOnlyTheSharedModules().check(service.mainClasses());
    }

    @Test
    void featurePackagesHaveNoCycles() {
        service.featurePackagesHaveNoCycles().check(service.mainClasses());
    }

    @Test
    void controllersArePackagePrivate() {
        service.controllersArePackagePrivate().check(service.mainClasses());
    }
}
