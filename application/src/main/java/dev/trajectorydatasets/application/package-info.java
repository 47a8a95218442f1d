/**
 * The use cases behind one facade, {@link dev.trajectorydatasets.application.DatasetManager}, in a package per
 * feature ({@code trajectory}, {@code usage}, {@code claim}, {@code lease}, {@code checkpoint}, {@code overview},
 * {@code idempotency}; {@code shared} holds what they all use).
 *
 * <p>Concurrency: every method is one unit of work on the store (all or nothing), safe to call from any number
 * of threads and processes over one database. Counting methods ({@code recordUse}, {@code recordUses}, claims,
 * lease acknowledgements) never lose, double or pass a cap under concurrency; claims running at once never hand
 * out the same row. A database that cannot be reached is a
 * {@link dev.trajectorydatasets.domain.StoreUnavailableException} (nothing changed); a conflict retried until it
 * gave up is a {@link dev.trajectorydatasets.domain.StoreBusyException} (nothing changed, retry later).
 *
 * <pre>{@code
 * try (DatasetManager manager = DatasetManagers.fromEnvironment()) {   // or DatasetManagers.inMemory()
 *     manager.createDataset("traj_001", "run_alpha");
 *     manager.recordUse("traj_001", UsageLimit.onceBelow(5));           // atomic, never past 5
 * }
 * }</pre>
 */
package dev.trajectorydatasets.application;
