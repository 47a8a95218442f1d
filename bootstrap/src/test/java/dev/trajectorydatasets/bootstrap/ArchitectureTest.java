package dev.trajectorydatasets.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.trajectorydatasets.adapter.http.archfixture.RouteCallingThePortDirectly;
import dev.trajectorydatasets.adapter.http.archfixture.RouteReachingIntoTheDatabase;
import dev.trajectorydatasets.adapter.http.usage.archfixture.UsageRoutesReachingForTheServer;
import dev.trajectorydatasets.adapter.mysql.archfixture.StoreReachingForTheFactory;
import dev.trajectorydatasets.adapter.mysql.checkpoint.archfixture.CheckpointsReachingIntoClaims;
import dev.trajectorydatasets.application.shared.archfixture.SharedReachingIntoAFeature;
import dev.trajectorydatasets.adapter.mysql.archfixture.StoreReachingForTheUseCases;
import dev.trajectorydatasets.adapter.inmemory.archfixture.AdapterReachingIntoAnotherAdapter;
import dev.trajectorydatasets.application.archfixture.UseCaseReachingForAnAdapter;
import dev.trajectorydatasets.domain.archfixture.DomainReachingForJdbc;
import dev.trajectorydatasets.domain.checkpoint.archfixture.CheckpointReachingIntoLeases;
import dev.trajectorydatasets.embedded.archfixture.FactoryStartingAServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The architecture, checked over every production class of every module (bootstrap's classpath sees them all). */
class ArchitectureTest {

    /** Test classes, whether in a module's test-classes folder or in a test-jar another module depends on. */
    private static final ImportOption NO_TEST_CODE = location ->
            ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(NO_TEST_CODE)
            .importPackages(ArchitectureRules.ROOT);

    @TestFactory
    Stream<DynamicTest> every_rule_holds_for_the_production_code() {
        return ArchitectureRules.ALL.stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(PRODUCTION)));
    }

    @TestFactory
    Stream<DynamicTest> every_package_a_rule_names_holds_classes() {
        return ArchitectureRules.PACKAGES.stream().map(pattern -> DynamicTest.dynamicTest(pattern, () ->
                assertFalse(PRODUCTION.that(describe(pattern, c -> com.tngtech.archunit.core.domain.PackageMatcher.of(pattern)
                        .matches(c.getPackageName()))).isEmpty(), pattern + " holds no production class")));
    }

    @Test
    void the_rules_catch_a_domain_class_that_uses_jdbc() {
        assertViolates(ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_THE_JDK, DomainReachingForJdbc.class);
        assertViolates(ArchitectureRules.PERSISTENCE_FRAMEWORKS_STAY_IN_THE_MYSQL_ADAPTER, DomainReachingForJdbc.class);
    }

    @Test
    void the_rules_catch_a_domain_feature_that_uses_a_feature_it_does_not_declare() {
        assertViolates(ArchitectureRules.DOMAIN_FEATURE_RULES.get("checkpoint"), CheckpointReachingIntoLeases.class);
    }

    @Test
    void the_rules_catch_a_feature_of_a_ring_that_uses_a_feature_it_does_not_declare_or_the_wiring() {
        assertViolates(ArchitectureRules.RING_FEATURE_RULES.get("adapter.mysql/checkpoint"), CheckpointsReachingIntoClaims.class);
        assertViolates(ArchitectureRules.RING_FEATURE_RULES.get("adapter.http/usage"), UsageRoutesReachingForTheServer.class);
        assertViolates(ArchitectureRules.RING_FEATURE_RULES.get("application/shared"), SharedReachingIntoAFeature.class);
    }

    @Test
    void the_rules_catch_an_adapter_that_uses_another_adapter() {
        assertViolates(ArchitectureRules.IN_MEMORY_ADAPTER_STANDS_ALONE, AdapterReachingIntoAnotherAdapter.class);
    }

    @Test
    void the_rules_catch_a_route_that_skips_the_use_cases() {
        assertViolates(ArchitectureRules.HTTP_ADAPTER_DRIVES_ONLY_THE_USE_CASES, RouteReachingIntoTheDatabase.class);
    }

    @Test
    void the_rules_catch_a_route_that_calls_the_port_directly() {
        assertViolates(ArchitectureRules.HTTP_ADAPTER_NEVER_CALLS_THE_PORT, RouteCallingThePortDirectly.class);
    }

    @Test
    void the_rules_catch_a_store_that_reaches_for_the_use_cases() {
        assertViolates(ArchitectureRules.MYSQL_ADAPTER_USES_ONLY_THE_DOMAIN_AND_ITS_LIBRARIES, StoreReachingForTheUseCases.class);
    }

    @Test
    void the_rules_catch_a_use_case_that_uses_an_adapter() {
        assertViolates(ArchitectureRules.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN, UseCaseReachingForAnAdapter.class);
    }

    @Test
    void the_rules_catch_an_embedding_factory_that_brings_the_server() {
        assertViolates(ArchitectureRules.EMBEDDING_FACTORY_WIRES_ONLY_THE_STORES, FactoryStartingAServer.class);
    }

    @Test
    void the_rules_catch_a_ring_that_reaches_for_the_factory() {
        assertViolates(ArchitectureRules.ONLY_THE_SERVER_BUILDS_ON_THE_EMBEDDING_FACTORY, StoreReachingForTheFactory.class);
    }

    private static void assertViolates(ArchRule rule, Class<?> offender) {
        JavaClasses fixture = new ClassFileImporter().importClasses(offender);
        assertTrue(rule.evaluate(fixture).hasViolation(), offender.getSimpleName() + " should break: " + rule.getDescription());
    }
}
