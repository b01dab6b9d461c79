package org.givingstream.testinfra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules README states for every service, as ArchUnit rules over the service's main classes: it uses no other
 * module's code but {@code event-contracts} and {@code http-guard}; its feature packages have no cycles; its
 * controllers are package-private (the HTTP API is the interface, not the class).
 */
public final class ServiceArchitecture {

    /** Every root package of the repository's own code; a service may use its own and the two shared ones. */
    private static final List<String> MODULES = List.of(
            "org.givingstream.donation",
            "org.givingstream.campaign",
            "org.givingstream.notification",
            "org.givingstream.localstack",
            "org.givingstream.testinfra",
            "org.givingstream.bench");

    private final String root;
    private final JavaClasses main;

    private ServiceArchitecture(String root) {
        this.root = root;
        this.main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(root);
    }

    /** The main classes of the service whose root package this is (read from its build output, not jars). */
    public static ServiceArchitecture of(String root) {
        ServiceArchitecture architecture = new ServiceArchitecture(root);
        if (architecture.main.isEmpty()) {
            throw new IllegalStateException("no classes found under " + root);
        }
        return architecture;
    }

    public JavaClasses mainClasses() {
        return main;
    }

    public ArchRule usesOnlyTheSharedModules() {
        String[] others = MODULES.stream()
                .filter(module -> !module.equals(root))
                .map(module -> module + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services share only event-contracts (org.givingstream.contracts) and http-guard");
    }

    public ArchRule featurePackagesHaveNoCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    public ArchRule controllersArePackagePrivate() {
        return classes()
                .that()
                .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                .or()
                .areAnnotatedWith("org.springframework.stereotype.Controller")
                .should()
                .notBePublic()
                .because("a controller is reached over HTTP, never called as a class");
    }
}
