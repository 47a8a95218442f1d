package dev.trajectorydatasets.domain;


/**
 * A consumer of a run's trajectories that counts its own uses of them (a policy trainer, an evaluator, a critic):
 * every group has its own {@code used} per record, its own caps, claims and leases, and no group's count moves
 * because of another's. {@link #DEFAULT} is the records' own {@code used} column, so everything that names no group
 * keeps its meaning. Names follow the run id's rules.
 */
public record ConsumerGroup(String name) {

    /** The group every operation counts in when it names none: the records' own {@code used}. */
    public static final ConsumerGroup DEFAULT = new ConsumerGroup("default");

    public ConsumerGroup {
        DatasetRules.identifier("consumerGroup", name);
    }

    public static ConsumerGroup of(String name) {
        return DEFAULT.name.equals(name) ? DEFAULT : new ConsumerGroup(name);
    }

    public boolean isDefault() {
        return DEFAULT.name.equals(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
