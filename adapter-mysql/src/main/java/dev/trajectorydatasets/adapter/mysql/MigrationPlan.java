package dev.trajectorydatasets.adapter.mysql;

import java.util.List;

/**
 * What migrating a store's database would do, found before anything changes: the kind of schema there, the steps
 * (for the guide's table, the conversion), and the problems that stop it.
 *
 * @param kind     what the database holds now
 * @param found    the tables found, for the messages
 * @param steps    what {@code migrate} will do, in order, each one line
 * @param problems what stops it (rows the conversion would break, a schema that is not ours); empty when it can go
 */
public record MigrationPlan(Kind kind, List<String> found, List<String> steps, List<String> problems) {

    /** What a database can hold. */
    public enum Kind {
        /** No tables: the schema is created. */
        EMPTY,
        /** This project's schema (its Flyway history is there): pending versions are applied. */
        OURS,
        /** The guide's {@code datasets} table and nothing else: converted in place, then migrated. */
        GUIDE,
        /**
         * The tables of the guide's successor module (dart-gui): this project's schema is created beside them and their
         * rows copied into it (a copy started before goes on), the module's tables left as they are.
         */
        MODULE,
        /** Other tables without this project's history: left alone. */
        FOREIGN
    }

    /** Copies the lists. */
    public MigrationPlan {
        found = List.copyOf(found);
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
    }

    /** Whether migrating would go ahead. */
    public boolean canProceed() {
        return problems.isEmpty();
    }

    /** The plan as lines for a person: the steps, or the problems and what to do. */
    public String report() {
        StringBuilder text = new StringBuilder();
        if (kind == Kind.FOREIGN) {
            return String.join("; ", problems) + "\n";
        }
        if (!problems.isEmpty()) {
            text.append(kind == Kind.GUIDE ? "the guide's datasets table cannot be converted as it is; nothing was changed:\n"
                    : kind == Kind.MODULE ? "these rows of the module's tables cannot be adopted; nothing was changed:\n"
                    : "nothing was changed:\n");
            problems.forEach(problem -> text.append("  - ").append(problem).append('\n'));
            if (kind == Kind.GUIDE || kind == Kind.MODULE) {
                text.append("fix or remove those rows (or their ids) with SQL, then run migrate again\n");
            }
            return text.toString();
        }
        steps.forEach(step -> text.append("  - ").append(step).append('\n'));
        return text.toString();
    }
}
