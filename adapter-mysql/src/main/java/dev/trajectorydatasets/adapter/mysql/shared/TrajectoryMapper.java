package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import org.apache.ibatis.annotations.Param;

import java.util.Collection;
import java.util.List;

/**
 * The SQL of the {@code datasets} table that has a dynamic shape or is off the hot paths (searches, counts, single
 * updates, deletes); statements live in {@code TrajectoryMapper.xml} beside this interface. The hot record reads are
 * {@link RecordReads}, the bulk writes {@link BulkStatements}.
 */
public interface TrajectoryMapper {

    int ping();

    int insert(TrajectoryRow row);

    TrajectoryRow findById(long id);

    /** The filter's page; of a consumer group's counts when {@code groupId} is given (0: a group not declared in {@code groupRun}). */
    List<TrajectoryRow> find(@Param("filter") TrajectoryFilter filter, @Param("page") PageRequest page, @Param("groupId") Integer groupId,
                             @Param("groupRun") RunId groupRun);

    long count(@Param("filter") TrajectoryFilter filter, @Param("groupId") Integer groupId, @Param("groupRun") RunId groupRun);

    int update(@Param("trajectoryId") TrajectoryId trajectoryId, @Param("changes") TrajectoryChanges changes);

    /** Adds {@code by} only while {@code used <= highestUsed}: the check and the write are one statement. */
    int increment(@Param("trajectoryId") TrajectoryId trajectoryId, @Param("by") int by, @Param("highestUsed") int highestUsed);

    int deleteByTask(@Param("run") RunId run, @Param("task") TaskId task);

    int delete(TrajectoryId trajectoryId);

    int deleteByRunId(RunId runId);

    long newestRecordId();

    List<RunActivity> runsCreatedAfter(@Param("afterId") long afterId);

    List<Long> idsOfRun(@Param("run") RunId run, @Param("limit") int limit);

    List<Long> idsOfTask(@Param("run") RunId run, @Param("task") TaskId task);

    int deleteIds(@Param("ids") List<Long> ids);
}
