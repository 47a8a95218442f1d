package dev.trajectorydatasets.adapter.mysql.checkpoint;

import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.CheckpointStore;
import dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import org.apache.ibatis.exceptions.PersistenceException;

import java.util.List;
import java.util.OptionalInt;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Checkpoints in SQL.
 */
public final class SqlCheckpoints implements CheckpointStore {

    private final SqlContext context;
    private final CheckpointMapper checkpointMapper;

    public SqlCheckpoints(SqlContext context) {
        this.context = context;
        this.checkpointMapper = context.mapper(CheckpointMapper.class);
    }

    /** Registrations of one run queue on its {@code checkpoint_runs} row, then read the highest version. */
    @Override
    public Checkpoint register(NewCheckpoint checkpoint) {
        return sql(() -> {
            RunId run = checkpoint.runId();
            checkpointMapper.lockCheckpointRun(run);
            int version = checkpoint.nextVersion(() -> {
                Integer highest = checkpointMapper.highestVersion(run);
                return highest == null ? OptionalInt.empty() : OptionalInt.of(highest);
            }, stored -> checkpointMapper.hasVersion(run, stored) > 0);
            try {
                checkpointMapper.insertCheckpoint(checkpoint, version);
            } catch (PersistenceException taken) {
                if (!SqlErrors.isDuplicateOf(taken, "primary")) {
                    throw taken;
                }
                // The lock above holds on this database server only: on a multi-primary cluster (Galera) a
                // registration through another node took this version meanwhile. An initial one is a duplicate;
                // any other is worked out again (the unit is retried as a conflict).
                if (checkpoint.initial()) {
                    throw new DuplicateCheckpointException(run, 0);
                }
                throw new StoreBusyException("checkpoint " + version + " of run " + run.value()
                        + " was registered elsewhere at the same time", taken);
            }
            return checkpoint.stored(version);
        });
    }

    @Override
    @OneStatement
    public int deleteOfRun(RunId runId) {
        return sql(() -> checkpointMapper.deleteOfRun(DatasetRules.required("runId", runId)));
    }

    @Override
    @OneStatement
    public List<Checkpoint> ofRun(RunId runId, KeyPage<Integer> page) {
        return sql(() -> checkpointMapper.checkpoints(runId, page).stream().map(CheckpointRow::checkpoint).toList());
    }
}
