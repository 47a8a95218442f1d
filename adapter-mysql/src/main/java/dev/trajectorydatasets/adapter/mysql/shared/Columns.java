package dev.trajectorydatasets.adapter.mysql.shared;

import java.util.Properties;

/**
 * The {@code datasets} table's column lists, written once. The mapper XML reads them as configuration variables
 * ({@code ${recordColumns}} and {@code ${insertedColumns}} inside {@code <sql>} fragments, substituted when the XML is
 * parsed: names, never values); the plain-JDBC statements ({@link BulkStatements}) concatenate them.
 */
public final class Columns {

    /** What a record is read from, in the order {@link BulkStatements} reads it. */
    static final String RECORD = "id, trajectory_id, created_at, used, model_version, run_id, task_id, reward, attributes";
    /** What a new record is written to (its id is the table's). */
    static final String INSERTED = "trajectory_id, created_at, used, model_version, run_id, claim_key, task_id, reward, attributes";

    private Columns() {
    }

    /**
     * Not held by a lease that has not run out, with one parameter (now): a row whose lease expired is simply free
     * again (issue 14). {@code prefix} qualifies the column ({@code ""} or an alias and a dot).
     */
    public static String notHeld(String prefix) {
        return "(" + prefix + "leased_until IS NULL OR " + prefix + "leased_until <= ?)";
    }

    /** The variables the mapper XML reads. */
    public static Properties variables() {
        Properties variables = new Properties();
        variables.setProperty("recordColumns", RECORD);
        variables.setProperty("insertedColumns", INSERTED);
        return variables;
    }
}
