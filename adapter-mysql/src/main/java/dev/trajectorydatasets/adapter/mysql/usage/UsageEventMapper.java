package dev.trajectorydatasets.adapter.mysql.usage;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import org.apache.ibatis.annotations.Param;

import java.util.List;

/**
 * The SQL of the {@code usage_events} table (its inserts are batched in {@link BulkStatements}); statements live in {@code UsageEventMapper.xml} beside this interface.
 */
public interface UsageEventMapper {

    List<EventRow> usageEvents(@Param("filter") UsageEventFilter filter, @Param("page") KeyPage<Long> page);

    int deleteHistory(@Param("trajectoryId") TrajectoryId trajectoryId);

    int deleteRunHistory(@Param("run") RunId run);

    int deleteTaskHistory(@Param("run") RunId run, @Param("task") TaskId task);

    int deleteHistoryOfIds(@Param("ids") List<Long> ids);
}
