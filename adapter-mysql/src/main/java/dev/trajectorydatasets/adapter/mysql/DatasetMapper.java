package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.PageRequest;
import org.apache.ibatis.annotations.Param;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code datasets} table; statements live in {@code DatasetMapper.xml} beside this interface. The two
 * statements that grow with their input are in {@link BulkStatements}.
 */
interface DatasetMapper {

    int insert(DatasetRow row);

    DatasetRow findById(long id);

    DatasetRow findByTrajectoryId(String trajectoryId);

    List<String> findExistingTrajectoryIds(Collection<String> trajectoryIds);

    List<DatasetRow> find(@Param("filter") DatasetFilter filter, @Param("page") PageRequest page);

    long count(@Param("filter") DatasetFilter filter);

    StatsRow usageStats(@Param("runId") Optional<String> runId);

    int update(@Param("trajectoryId") String trajectoryId, @Param("changes") DatasetChanges changes);

    /** Adds {@code by} only while {@code used <= highestUsed}: the check and the write are one statement. */
    int increment(@Param("trajectoryId") String trajectoryId, @Param("by") int by, @Param("highestUsed") int highestUsed);

    /** Up to {@code request.count} claimable rows in claim order; with {@code lock}, locked (skipping locked ones). */
    List<DatasetRow> claimable(@Param("request") ClaimRequest request, @Param("lock") boolean lock);

    int incrementIfUnchanged(@Param("id") long id, @Param("expectedUsed") int expectedUsed, @Param("request") ClaimRequest request);

    int incrementByIds(@Param("ids") List<Long> ids);

    int delete(String trajectoryId);

    int deleteByRunId(String runId);
}
