package dev.trajectorydatasets.bootstrap;

import com.tngtech.archunit.lang.ArchRule;
import dev.trajectorydatasets.domain.DatasetPort;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rule the poms state, and what they cannot state: which packages may use which frameworks.
 * Whitelists where possible. {@link #PACKAGES} lists every package a rule names; a test asserts each holds
 * production classes, so no rule can pass by matching nothing.
 */
final class ArchitectureRules {

    static final String ROOT = "dev.trajectorydatasets";
    static final String DOMAIN = ROOT + ".domain..";
    static final String APPLICATION = ROOT + ".application..";
    static final String INMEMORY = ROOT + ".adapter.inmemory..";
    static final String MYSQL = ROOT + ".adapter.mysql..";
    static final String HTTP = ROOT + ".adapter.http..";
    static final String EMBEDDED = ROOT + ".embedded..";
    static final String BOOTSTRAP = ROOT + ".bootstrap..";

    static final List<String> PACKAGES = List.of(DOMAIN, APPLICATION, INMEMORY, MYSQL, HTTP, EMBEDDED, BOOTSTRAP);

    /** The JDK parts a pure model needs: no java.sql, no java.net, no java.nio.file. */
    private static final String[] PURE_JDK = {"java.lang..", "java.util..", "java.time..", "java.math.."};

    static final ArchRule DOMAIN_DEPENDS_ONLY_ON_THE_JDK = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_JDK, DOMAIN))
            .because("the domain is the innermost ring: plain Java only");

    static final ArchRule APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN = classes().that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_JDK, DOMAIN, APPLICATION))
            .because("use cases speak DatasetPort, never an adapter or a framework");

    static final ArchRule IN_MEMORY_ADAPTER_STANDS_ALONE = classes().that().resideInAPackage(INMEMORY)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_JDK, DOMAIN, INMEMORY))
            .because("a driven adapter sees the domain and nothing else");

    static final ArchRule MYSQL_ADAPTER_USES_ONLY_THE_DOMAIN_AND_ITS_LIBRARIES = classes().that().resideInAPackage(MYSQL)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_JDK, DOMAIN, MYSQL,
                    "java.sql..", "javax.sql..", "java.io..", "java.nio.file..", "org.apache.ibatis..", "com.zaxxer.hikari..",
                    "org.flywaydb..", "com.mysql.cj.conf..", "org.mapstruct.."))
            .because("a driven adapter sees the domain and its own libraries: never the use cases or another adapter");

    static final ArchRule EMBEDDING_FACTORY_WIRES_ONLY_THE_STORES = classes().that().resideInAPackage(EMBEDDED)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_JDK, DOMAIN, APPLICATION, INMEMORY, MYSQL, EMBEDDED,
                    "java.io..", "java.nio..", "javax.sql..", "com.zaxxer.hikari.."))
            .because("an application that embeds the stores gets no HTTP server, Javalin or Jetty on its class path");

    static final ArchRule HTTP_ADAPTER_DRIVES_ONLY_THE_USE_CASES = noClasses().that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage(INMEMORY, MYSQL, EMBEDDED, BOOTSTRAP)
            .because("the HTTP adapter calls use cases, never a store directly");

    static final ArchRule HTTP_ADAPTER_NEVER_CALLS_THE_PORT = noClasses().that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().areAssignableTo(DatasetPort.class)
            .because("routes go through the use cases (DatasetManager); DatasetPort is the stores' side");

    static final ArchRule PERSISTENCE_FRAMEWORKS_STAY_IN_THE_MYSQL_ADAPTER = noClasses()
            .that().resideOutsideOfPackages(MYSQL, EMBEDDED, BOOTSTRAP)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.ibatis..", "com.zaxxer..", "java.sql..", "javax.sql..", "org.flywaydb..", "com.mysql..",
                    "org.h2..")
            .because("MyBatis, JDBC, Hikari and Flyway types never cross DatasetPort");

    static final ArchRule WEB_FRAMEWORKS_STAY_IN_THE_HTTP_ADAPTER = noClasses()
            .that().resideOutsideOfPackages(HTTP, BOOTSTRAP)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..",
                    "com.fasterxml.jackson..", "io.micrometer..")
            .because("Javalin, Jackson and Micrometer types stay at the HTTP edge");

    static final ArchRule MAPSTRUCT_STAYS_IN_ADAPTERS = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().resideInAPackage("org.mapstruct..")
            .because("mapping between rows or JSON and the domain is an adapter's job");

    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .because("only bootstrap sees everything; nothing sees bootstrap");

    static final ArchRule ONLY_THE_SERVER_BUILDS_ON_THE_EMBEDDING_FACTORY = noClasses()
            .that().resideOutsideOfPackages(EMBEDDED, BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(EMBEDDED)
            .because("the factory is a composition root: the rings inside it never see it");

    static final List<ArchRule> ALL = List.of(DOMAIN_DEPENDS_ONLY_ON_THE_JDK, APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN,
            IN_MEMORY_ADAPTER_STANDS_ALONE, MYSQL_ADAPTER_USES_ONLY_THE_DOMAIN_AND_ITS_LIBRARIES,
            HTTP_ADAPTER_DRIVES_ONLY_THE_USE_CASES, HTTP_ADAPTER_NEVER_CALLS_THE_PORT,
            PERSISTENCE_FRAMEWORKS_STAY_IN_THE_MYSQL_ADAPTER, WEB_FRAMEWORKS_STAY_IN_THE_HTTP_ADAPTER,
            MAPSTRUCT_STAYS_IN_ADAPTERS, NOTHING_DEPENDS_ON_BOOTSTRAP, EMBEDDING_FACTORY_WIRES_ONLY_THE_STORES,
            ONLY_THE_SERVER_BUILDS_ON_THE_EMBEDDING_FACTORY);

    private ArchitectureRules() {
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
