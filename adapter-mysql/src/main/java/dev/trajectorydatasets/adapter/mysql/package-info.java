/**
 * The stores on SQL databases (MySQL 8, MariaDB 10.6+, H2 in MySQL mode) through MyBatis.
 *
 * <h2>Where a statement lives</h2>
 * <ul>
 *   <li><b>In a mapper's XML, one mapper per table</b> ({@code TrajectoryMapper.xml} for {@code datasets};
 *   {@code UsageEventMapper}, {@code LeaseMapper},
 *   {@code CheckpointMapper}, {@code AnswerMapper}; {@code OverviewMapper} for read-only summaries), beside its
 *   interface: every statement whose text does not grow with its input, {@code #{}} for every value. The default.</li>
 *   <li><b>In {@link dev.trajectorydatasets.adapter.mysql.shared.BulkStatements}, as plain JDBC</b>, only where a figure
 *   earned it: multi-row {@code INSERT ... VALUES} of records and usage events (one statement per 1,000 rows; events
 *   written so because an {@code INSERT ... SELECT} held the auto-increment lock that every concurrent claim queued
 *   behind, commit 0be88ce); {@code UPDATE ... JOIN} over the values as a derived table for set-used batches (2.3x
 *   the batched update by key, commit b40a9d1); a lease's held rows read locked (the mapper's IN-list parse and
 *   reflective mapping were 54% of a settlement's JVM samples, commit 8f1fd6e); and the counting and holding updates
 *   by id lists that run inside those units; and, in {@code HistoryStatements}, a backup's history read by record id
 *   without the join (export of 1,000,000 records 22.7 s -> 18.9 s, issue 34) and histories written as given. Current
 *   figures: {@code docs/benchmarks.md}.</li>
 *   <li><b>The hot paths, as plain JDBC</b> (the SQL rule of issue 33): the statements a trainer's step or a lookup
 *   runs every time, a claim's candidate rows and conditional writes ({@code claim.ClaimRows}), a group claim's walks,
 *   tallies and locks ({@code claim.RecordMembers}, the member rules written once in {@code claim.MemberSql}), a record looked up by
 *   trajectory id and a batch's records read and locked ({@link dev.trajectorydatasets.adapter.mysql.shared.RecordReads}).
 *   Their shapes are few and fixed: the text is concatenated in Java (no OGNL), the values bound in order, the rows
 *   read by the one hand-written reader, nothing read back that the answer does not carry; the driver keeps each
 *   text's parse ({@code cachePrepStmts}, room for 250 texts of up to 4,096 characters: at the driver's defaults,
 *   25 texts up to 256 characters, a claim's statements were parsed on every call, about 15% of a loaded server's
 *   JVM samples). MyBatis stays where a statement's shape really varies (searches, counts, overviews) or runs
 *   rarely. Figures before and after: {@code docs/benchmarks.md}.</li>
 *   <li><b>In {@link dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows} and {@code ConsumerGroupRuns}, and in
 *   {@code claim.ConsumerGroupMembers}, as plain JDBC</b>: the consumer groups' tables (issue 32). Their statements
 *   have fixed shapes but for IN lists and are read by hand (a few columns each), the SQL rule issue 33 asks hot
 *   paths to follow; {@code ConsumerGroupBenchmark} measures a group's least-used claims at 0.93 of plain JDBC
 *   sending the same statements.</li>
 *   <li>Schema work outside Flyway's migrations ({@code SchemaTakeover}: the guide's table converted in place;
 *   {@code ModuleAdoption}: the dart-gui module's tables copied beside them),
 *   session settings ({@code SessionScopedDataSource}) and status probes ({@code StoreResources},
 *   {@code ClaimStatements.Stripe}) talk to JDBC directly: they are not about records.</li>
 * </ul>
 * The {@code datasets} column lists are written once, in {@link dev.trajectorydatasets.adapter.mysql.shared.Columns}.
 *
 * <h2>Where a class lives</h2>
 * One package per feature, as in the domain: {@code trajectory}, {@code usage} (counts and their history),
 * {@code claim} (claims and group claims), {@code lease}, {@code checkpoint}, {@code idempotency}, {@code overview},
 * {@code activity}, {@code backup}, {@code group}; each holds its {@code Sql*} capability, its mappers and its rows. {@code shared} holds what they
 * all use ({@code SqlContext}, {@code Dialect}, {@code SqlErrors}, the row reader and {@code BulkStatements}) and
 * depends on no feature. This package wires them: the store, its settings, the schema, the unit of work. An ArchUnit
 * rule keeps each feature to the features it declares.
 *
 * <h2>How a call runs</h2>
 * {@link dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore} hands out one port per capability; outside a unit
 * of work each call runs through {@code Transactor} (a session of its own, retried after a deadlock), inside one
 * through {@code SqlUnit}. One class per capability ({@code SqlTrajectories}, {@code SqlClaims}, {@code SqlLeases},
 * ...) works on the unit's {@code SqlContext}: its session, mappers, clock, origin and {@code Dialect}.
 */
package dev.trajectorydatasets.adapter.mysql;
