package dev.trajectorydatasets.adapter.mysql.overview;

import dev.trajectorydatasets.adapter.mysql.shared.StatsRow;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of read-only summaries over the {@code datasets} and {@code usage_events} tables, counted in the database; statements live in {@code OverviewMapper.xml} beside this interface.
 */
public interface OverviewMapper {

    StatsRow usageStats(@Param("runId") Optional<RunId> runId);

    List<OverviewRows.RunRow> runs(@Param("page") KeyPage<RunId> page);

    List<OverviewRows.TaskRow> taskTotals(@Param("run") RunId run, @Param("page") KeyPage<TaskId> page);

    List<OverviewRows.VersionRow> modelVersions(@Param("run") RunId run);

    List<OverviewRows.BucketRow> createdPerBucket(@Param("run") RunId run, @Param("start") Instant start, @Param("end") Instant end,
                                                  @Param("seconds") long seconds);

    List<OverviewRows.BucketRow> firstUsedPerBucket(@Param("run") RunId run, @Param("start") Instant start, @Param("end") Instant end,
                                                    @Param("seconds") long seconds,
                                               @Param("group") String group);

    List<OverviewRows.BucketRow> usesPerBucket(@Param("run") RunId run, @Param("start") Instant start, @Param("end") Instant end,
                                               @Param("seconds") long seconds,
                                               @Param("group") String group);

    List<OverviewRows.UsedRow> usedHistogram(@Param("run") RunId run, @Param("page") KeyPage<Integer> page);

    OverviewRows.ContentsRow contents(@Param("run") RunId run);
}
