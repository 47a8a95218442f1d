package dev.trajectorydatasets.adapter.mysql;

/**
 * Migrating stopped before changing anything: the database holds something this project will not touch (tables
 * of another application) or rows the conversion of the guide's table would break. The message is the plan's
 * report: what was found and what to do.
 */
public final class SchemaRefusedException extends IllegalStateException {

    private final transient MigrationPlan plan;

    /** For {@code plan}, whose problems say why. */
    public SchemaRefusedException(MigrationPlan plan) {
        super(plan.report().strip());
        this.plan = plan;
    }

    /** The plan that stopped. */
    public MigrationPlan plan() {
        return plan;
    }
}
