package dev.trajectorydatasets.bootstrap;

import com.tngtech.archunit.lang.ArchRule;
import dev.trajectorydatasets.domain.DatasetPort;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The domain's features (one package each under {@code domain}) and the features each may use; every feature
     * may use the shared kernel in {@code domain} itself (ids, pages, errors, {@code DatasetPort}). A new dependency
     * between features is a decision: it is written here.
     */
    static final Map<String, List<String>> DOMAIN_FEATURES = orderedMap(
            "trajectory", List.of(),
            "usage", List.of("trajectory"),
            "lease", List.of("trajectory"),
            "claim", List.of("trajectory", "lease"),            // a claim can lease what it takes
            "checkpoint", List.of(),
            "overview", List.of("trajectory", "claim", "usage"), // questions fold trajectories; tasks are judged by group
                                                                  // criteria; timelines count by usage kind
            "idempotency", List.of(),
            "activity", List.of(),
            "backup", List.of("trajectory", "usage", "checkpoint"), // a backup holds records, their history, checkpoints
            "group", List.of());                                     // a run's consumer groups and where they stand

    /**
     * The rings outside the domain are split the same way: per ring, its feature packages and the features each may
     * use besides the ring's {@code shared} package (which uses no feature). No feature uses its ring's root
     * package: that is where the ring is wired together (the store, the server, the facade).
     */
    static final Map<String, Map<String, List<String>>> RING_FEATURES = Map.of(
            "application", orderedMap(
                    "shared", List.of(), "trajectory", List.of(), "usage", List.of(),
                    "claim", List.of("lease"),                  // a claim can lease what it takes
                    "lease", List.of("idempotency"),            // an acknowledgement may carry an idempotency key
                    "checkpoint", List.of(), "overview", List.of(), "idempotency", List.of(), "backup", List.of(), "group", List.of()),
            "adapter.inmemory", orderedMap(
                    "shared", List.of(), "trajectory", List.of(), "usage", List.of(), "claim", List.of(), "lease", List.of(),
                    "checkpoint", List.of(), "overview", List.of(), "idempotency", List.of(), "activity", List.of(),
                    "backup", List.of(), "group", List.of()),
            "adapter.mysql", orderedMap(
                    "shared", List.of(),
                    "trajectory", List.of("usage"),             // deleting trajectories deletes their history
                    "usage", List.of(),
                    "claim", List.of("lease"),
                    "lease", List.of(),
                    "checkpoint", List.of(),
                    "overview", List.of("checkpoint", "claim"), // newest checkpoints; tasks judged by group criteria
                    "idempotency", List.of(),
                    "activity", List.of("lease"),               // activity reads the leases table too
                    "backup", List.of("trajectory", "usage", "checkpoint"), // records as created, with history and checkpoints
                    "group", List.of()),
            "adapter.http", orderedMap(
                    "shared", List.of(), "trajectory", List.of(), "usage", List.of(), "claim", List.of(),
                    "overview", List.of("claim"),              // a run's tasks are judged by group criteria
                    "backup", List.of(), "group", List.of()));

    static final List<String> PACKAGES = packages();

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

    /** One rule per domain feature: it depends on the JDK, the shared kernel, itself and the features it declares. */
    static final Map<String, ArchRule> DOMAIN_FEATURE_RULES = featureRules();

    /** One rule per feature of every other ring, keyed "ring/feature" (e.g. "adapter.mysql/claim"). */
    static final Map<String, ArchRule> RING_FEATURE_RULES = ringFeatureRules();

    static final List<ArchRule> ALL = concatRules(DOMAIN_FEATURE_RULES.values(), RING_FEATURE_RULES.values(), DOMAIN_DEPENDS_ONLY_ON_THE_JDK, APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN,
            IN_MEMORY_ADAPTER_STANDS_ALONE, MYSQL_ADAPTER_USES_ONLY_THE_DOMAIN_AND_ITS_LIBRARIES,
            HTTP_ADAPTER_DRIVES_ONLY_THE_USE_CASES, HTTP_ADAPTER_NEVER_CALLS_THE_PORT,
            PERSISTENCE_FRAMEWORKS_STAY_IN_THE_MYSQL_ADAPTER, WEB_FRAMEWORKS_STAY_IN_THE_HTTP_ADAPTER,
            MAPSTRUCT_STAYS_IN_ADAPTERS, NOTHING_DEPENDS_ON_BOOTSTRAP, EMBEDDING_FACTORY_WIRES_ONLY_THE_STORES,
            ONLY_THE_SERVER_BUILDS_ON_THE_EMBEDDING_FACTORY);

    private ArchitectureRules() {
    }

    private static Map<String, ArchRule> featureRules() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        DOMAIN_FEATURES.forEach((feature, uses) -> {
            List<String> allowed = new ArrayList<>(List.of(PURE_JDK));
            allowed.add(ROOT + ".domain");
            allowed.add(ROOT + ".domain." + feature + "..");
            uses.forEach(other -> allowed.add(ROOT + ".domain." + other + ".."));
            rules.put(feature, classes().that().resideInAPackage(ROOT + ".domain." + feature + "..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                    .because("a domain feature uses the shared kernel and only the features it declares: " + uses));
        });
        return rules;
    }

    private static Map<String, ArchRule> ringFeatureRules() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        RING_FEATURES.forEach((ring, features) -> features.forEach((feature, uses) -> {
            List<String> forbidden = new ArrayList<>(List.of(ROOT + "." + ring));
            features.keySet().stream().filter(other -> !other.equals(feature) && !other.equals("shared") && !uses.contains(other))
                    .forEach(other -> forbidden.add(ROOT + "." + ring + "." + other + ".."));
            rules.put(ring + "/" + feature, noClasses().that().resideInAPackage(ROOT + "." + ring + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("a feature of " + ring + " uses its ring's shared package and only the features it declares "
                            + uses + ", never the ring's wiring"));
        }));
        return rules;
    }

    private static List<String> packages() {
        List<String> all = new ArrayList<>(List.of(DOMAIN, APPLICATION, INMEMORY, MYSQL, HTTP, EMBEDDED, BOOTSTRAP));
        DOMAIN_FEATURES.keySet().forEach(feature -> all.add(ROOT + ".domain." + feature + ".."));
        RING_FEATURES.forEach((ring, features) -> features.keySet().forEach(feature -> all.add(ROOT + "." + ring + "." + feature + "..")));
        return List.copyOf(all);
    }

    private static Map<String, List<String>> orderedMap(Object... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> uses = (List<String>) pairs[i + 1];
            map.put((String) pairs[i], uses);
        }
        return map;
    }

    private static List<ArchRule> concatRules(Collection<ArchRule> first, Collection<ArchRule> second, ArchRule... rest) {
        List<ArchRule> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(List.of(rest));
        return List.copyOf(all);
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
