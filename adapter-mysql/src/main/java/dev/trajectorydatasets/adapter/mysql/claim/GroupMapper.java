package dev.trajectorydatasets.adapter.mysql.claim;

/**
 * The SQL of group claims on the {@code datasets} table (the default consumer group): the walk over a run's task
 * groups, the locks on the groups taken, and the members' tallies; statements live in {@code GroupMapper.xml} beside
 * this interface, their methods in {@link Members}.
 */
public interface GroupMapper extends Members {
}
