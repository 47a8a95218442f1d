package dev.trajectorydatasets.application;

import dev.trajectorydatasets.application.group.ConsumerGroups;
import dev.trajectorydatasets.application.backup.Backups;
import dev.trajectorydatasets.application.checkpoint.RegisterCheckpoints;
import dev.trajectorydatasets.application.claim.ClaimTrajectories;
import dev.trajectorydatasets.application.claim.WaitRoom;
import dev.trajectorydatasets.application.idempotency.IdempotentRequests;
import dev.trajectorydatasets.application.lease.ConsumerLeases;
import dev.trajectorydatasets.application.lease.SettleLeases;
import dev.trajectorydatasets.application.overview.RunOverviews;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.application.trajectory.CreateDatasets;
import dev.trajectorydatasets.application.trajectory.DeleteDatasets;
import dev.trajectorydatasets.application.trajectory.SearchDatasets;
import dev.trajectorydatasets.application.trajectory.UpdateDatasets;
import dev.trajectorydatasets.application.usage.CountUses;

/** A manager's use cases, one per capability, all on one {@link Scope}. */
record UseCases(CreateDatasets creating, SearchDatasets searching, UpdateDatasets updating, CountUses counting,
                ClaimTrajectories claiming, SettleLeases settling, ConsumerLeases consumers, RegisterCheckpoints checkpoints,
                RunOverviews overviews, DeleteDatasets deleting, IdempotentRequests idempotent, Backups backups,
                ConsumerGroups groups) {

    static UseCases of(Scope scope, WaitRoom room) {
        SettleLeases settling = new SettleLeases(scope);
        return new UseCases(new CreateDatasets(scope), new SearchDatasets(scope), new UpdateDatasets(scope), new CountUses(scope),
                new ClaimTrajectories(scope, room), settling, new ConsumerLeases(scope, settling), new RegisterCheckpoints(scope),
                new RunOverviews(scope), new DeleteDatasets(scope), new IdempotentRequests(scope.port(), scope.clock()),
                new Backups(scope), new ConsumerGroups(scope));
    }
}
