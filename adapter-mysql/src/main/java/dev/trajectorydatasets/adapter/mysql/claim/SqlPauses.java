package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.PauseStore;
import dev.trajectorydatasets.domain.claim.RunPause;

import java.util.List;
import java.util.Optional;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/** Paused runs in SQL ({@code run_pauses}). */
public final class SqlPauses implements PauseStore {

    private final SqlContext context;
    private final PauseMapper pauseMapper;

    public SqlPauses(SqlContext context) {
        this.context = context;
        this.pauseMapper = context.mapper(PauseMapper.class);
    }

    /** One insert that keeps a first pause, then its row, in one unit. */
    @Override
    public RunPause pause(RunPause pause) {
        DatasetRules.required("pause", pause);
        return sql(() -> context.atomically(() -> {
            pauseMapper.pause(pause.runId(), pause.since(), pause.reason().orElse(null));
            return pauseMapper.of(pause.runId()).pause();
        }));
    }

    @Override
    @OneStatement
    public boolean resume(RunId runId) {
        return sql(() -> pauseMapper.resume(DatasetRules.required("runId", runId)) > 0);
    }

    @Override
    @OneStatement
    public Optional<RunPause> of(RunId runId) {
        DatasetRules.required("runId", runId);
        return sql(() -> Optional.ofNullable(pauseMapper.of(runId)).map(PauseRow::pause));
    }

    @Override
    @OneStatement
    public List<RunPause> all() {
        return sql(() -> pauseMapper.all().stream().map(PauseRow::pause).toList());
    }
}
