package example;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.usage.UsageReport;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.nio.file.Path;
import java.util.UUID;

/**
 * A project outside the repository that embeds trajectory-datasets by its Maven coordinates, as the README's
 * "Embedding in Java" shows (the part between the README markers is copied there, and a test keeps the two equal).
 * {@code java example.EmbeddedExample} runs on an H2 folder; {@code java example.EmbeddedExample JDBC_URL USER
 * [PASSWORD]} on MySQL or MariaDB. Exits non-zero when a figure is not what the steps must give.
 */
public final class EmbeddedExample {

    private EmbeddedExample() {
    }

    public static void main(String[] args) {
        // README:begin
        // One store: .h2(folder), .mysql(jdbcUrl, user, password), .dataSource(yourPool) or .inMemory()
        DatasetManager manager = args.length == 0
                ? DatasetManagers.builder().h2(Path.of("datasets-data")).open()
                : DatasetManagers.builder().mysql(args[0], args[1], args.length > 2 ? args[2] : "").open();
        try (manager) {
            String run = "example_" + UUID.randomUUID().toString().substring(0, 8);
            // A rollout worker registers 4 samples of each of 3 tasks, with their rewards.
            for (int i = 0; i < 12; i++) {
                manager.createDataset(CreateDatasetCommand.of(run + "_traj_" + i).inRun(run)
                        .ofTask("task_" + i / 4).rewarded(i % 2));
            }
            // A trainer takes 2 whole task groups of 4 unused samples: each member's use is counted as it is taken.
            GroupClaim step = manager.claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(4), 2));
            // A second epoch on the same samples: one more use each, never past 2.
            UsageReport again = manager.recordUses(step.members().stream().map(Trajectory::trajectoryId).toList(),
                    UsageLimit.onceBelow(2));
            UsageStats stats = manager.getUsageStats(run);
            System.out.printf("claimed %d groups (%d trajectories), counted %d more uses; run %s: %s%n",
                    step.groups().size(), step.members().size(), again.used().size(), run, stats);
            checks(manager, run, step, again, stats); // this example's own checks, not needed in yours
        }
        // README:end
    }

    /** Exits non-zero (an exception) when a figure is not what the steps must give; then removes the run. */
    private static void checks(DatasetManager manager, String run, GroupClaim step, UsageReport again, UsageStats stats) {
        check(step.groups().size() == 2 && step.members().size() == 8, "2 groups of 4 claimed");
        check(again.used().size() == 8 && again.atLimit().isEmpty(), "8 more uses counted");
        check(stats.totalCount() == 12 && stats.maxUsed() == 2 && stats.minUsed() == 0, "12 records, used 0 to 2");
        check(manager.recordUses(step.members().stream().map(Trajectory::trajectoryId).toList(), UsageLimit.onceBelow(2))
                .atLimit().size() == 8, "a third use refused by the cap");
        manager.deleteDatasetsByRunId(run);
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("expected " + what);
        }
    }
}
