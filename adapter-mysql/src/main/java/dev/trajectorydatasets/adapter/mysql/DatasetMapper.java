package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import org.apache.ibatis.annotations.Param;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code datasets} table; statements live in {@code DatasetMapper.xml} beside this interface. The
 * statements that grow with their input are in {@link BulkStatements}.
 */
interface DatasetMapper {

    int ping();

    int insert(DatasetRow row);

    DatasetRow findById(long id);

    DatasetRow findByTrajectoryId(TrajectoryId trajectoryId);

    List<String> findExistingTrajectoryIds(Collection<TrajectoryId> trajectoryIds);

    List<DatasetRow> lockByTrajectoryIds(Collection<TrajectoryId> trajectoryIds);

    List<DatasetRow> find(@Param("filter") DatasetFilter filter, @Param("page") PageRequest page);

    long count(@Param("filter") DatasetFilter filter);

    StatsRow usageStats(@Param("runId") Optional<RunId> runId);

    int update(@Param("trajectoryId") TrajectoryId trajectoryId, @Param("changes") DatasetChanges changes);

    /** Adds {@code by} only while {@code used <= highestUsed}: the check and the write are one statement. */
    int increment(@Param("trajectoryId") TrajectoryId trajectoryId, @Param("by") int by, @Param("highestUsed") int highestUsed);

    List<DatasetRow> claimLeastUsed(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked);

    List<DatasetRow> claimOldest(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked);

    List<DatasetRow> claimNewest(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked);

    /** Claimable rows by {@code claim_key} from {@code pivot} up ({@code above}) or below it. */
    List<DatasetRow> claimRandom(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("pivot") int pivot, @Param("above") boolean above);

    int incrementIfUnchanged(@Param("id") long id, @Param("expectedUsed") int expectedUsed, @Param("request") ClaimRequest request);

    int delete(TrajectoryId trajectoryId);

    int deleteByRunId(RunId runId);
}
