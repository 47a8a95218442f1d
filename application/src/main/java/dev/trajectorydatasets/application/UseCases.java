package dev.trajectorydatasets.application;

/** A manager's use cases, one per capability, all on one {@link Scope}. */
record UseCases(CreateDatasets creating, SearchDatasets searching, UpdateDatasets updating, CountUses counting,
                ClaimTrajectories claiming, SettleLeases settling, ConsumerLeases consumers, RegisterCheckpoints checkpoints,
                RunOverviews overviews, DeleteDatasets deleting, IdempotentRequests idempotent) {

    static UseCases of(Scope scope, WaitRoom room) {
        SettleLeases settling = new SettleLeases(scope);
        return new UseCases(new CreateDatasets(scope), new SearchDatasets(scope), new UpdateDatasets(scope), new CountUses(scope),
                new ClaimTrajectories(scope, room), settling, new ConsumerLeases(scope, settling), new RegisterCheckpoints(scope),
                new RunOverviews(scope), new DeleteDatasets(scope), new IdempotentRequests(scope.port(), scope.clock()));
    }
}
