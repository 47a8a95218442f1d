package dev.trajectorydatasets.adapter.mysql.checkpoint;

import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import org.apache.ibatis.annotations.Param;

import java.util.Collection;
import java.util.List;

/**
 * The SQL of the {@code checkpoints} and {@code checkpoint_runs} tables; statements live in {@code CheckpointMapper.xml} beside this interface.
 */
public interface CheckpointMapper {

    int lockCheckpointRun(@Param("run") RunId run);

    Integer highestVersion(@Param("run") RunId run);

    int hasVersion(@Param("run") RunId run, @Param("version") int version);

    int insertCheckpoint(@Param("checkpoint") NewCheckpoint checkpoint, @Param("version") int version);

    List<RunId> checkpointRuns();

    int restoreCheckpoint(@Param("checkpoint") Checkpoint checkpoint, @Param("details") String details);

    List<CheckpointRow> checkpoints(@Param("run") RunId run, @Param("page") KeyPage<Integer> page);

    List<NewestCheckpoint> newestCheckpoints(@Param("runs") Collection<RunId> runs);

    int deleteOfRun(@Param("run") RunId run);
}
