package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.GroupRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.NewCheckpoint;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TaskStanding;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageEventFilter;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
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

    List<DatasetRow> claimLeastUsed(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                    @Param("now") Instant now);

    List<DatasetRow> claimWindow(@Param("request") ClaimRequest request, @Param("order") String order, @Param("limit") int limit,
                                 @Param("now") Instant now);

    List<DatasetRow> lockClaimable(@Param("request") ClaimRequest request, @Param("ids") List<Long> ids, @Param("limit") int limit,
                                   @Param("now") Instant now);

    List<DatasetRow> claimOldest(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("now") Instant now);

    List<DatasetRow> claimNewest(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("now") Instant now);

    /** Claimable rows by {@code claim_key} from {@code pivot} up ({@code above}) or below it. */
    List<DatasetRow> claimRandom(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("pivot") int pivot, @Param("above") boolean above, @Param("now") Instant now);

    int incrementIfUnchanged(@Param("id") long id, @Param("expectedUsed") int expectedUsed, @Param("request") ClaimRequest request,
                             @Param("now") Instant now);

    /** Holds a row for a lease only if nothing changed it since it was read and it is still claimable. */
    int holdIfUnchanged(@Param("id") long id, @Param("expectedUsed") int expectedUsed, @Param("request") ClaimRequest request,
                        @Param("now") Instant now, @Param("leaseId") long leaseId, @Param("until") Instant until);

    /**
     * The next {@code limit} eligible entries after {@code after}: of one value of {@code used} and one model version
     * when {@code usedValue} is given, else of all members. {@code usedValues}: the values below {@code maxUsed}
     * when few ({@link GroupClaims#usedValues}), else null.
     */
    List<OverviewRows.Candidate> walk(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                                      @Param("usedValue") Integer usedValue, @Param("version") Integer version,
                                      @Param("after") TaskStanding after, @Param("descending") boolean descending,
                                      @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                      @Param("now") Instant now);


    List<TaskId> eligibleTaskIds(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                                 @Param("now") Instant now);

    List<DatasetRow> lockGroups(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                                @Param("tasks") List<TaskId> tasks, @Param("limit") int limit, @Param("now") Instant now);

    List<DatasetRow> lockGroup(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                               @Param("task") TaskId task, @Param("positive") Boolean positive, @Param("limit") int limit,
                               @Param("skipLocked") boolean skipLocked, @Param("now") Instant now);

    List<OverviewRows.MemberTally> memberTallies(@Param("run") RunId run, @Param("rules") GroupRules rules,
                                                 @Param("usedValues") List<Integer> usedValues, @Param("tasks") Collection<TaskId> tasks,
                                                 @Param("now") Instant now);

    List<Integer> latestVersions(@Param("run") RunId run, @Param("limit") int limit);

    Integer nextUsedValue(@Param("run") RunId run, @Param("after") int after, @Param("maxUsed") int maxUsed);

    Integer nextModelVersion(@Param("run") RunId run, @Param("used") int used, @Param("after") int after);

    int lockCheckpointRun(@Param("run") RunId run);

    Integer highestVersion(@Param("run") RunId run);

    int hasVersion(@Param("run") RunId run, @Param("version") int version);

    int insertCheckpoint(@Param("checkpoint") NewCheckpoint checkpoint, @Param("version") int version);

    List<OverviewRows.CheckpointRow> checkpoints(@Param("run") RunId run, @Param("page") KeyPage<Integer> page);

    List<OverviewRows.RunRow> runs(@Param("page") KeyPage<RunId> page);

    List<OverviewRows.NewestCheckpoint> newestCheckpoints(@Param("runs") Collection<RunId> runs);

    List<OverviewRows.TaskRow> taskTotals(@Param("run") RunId run, @Param("page") KeyPage<TaskId> page);

    List<OverviewRows.VersionRow> modelVersions(@Param("run") RunId run);

    List<OverviewRows.BucketRow> createdPerBucket(@Param("run") RunId run, @Param("start") Instant start, @Param("end") Instant end,
                                                  @Param("seconds") long seconds);

    List<OverviewRows.BucketRow> firstUsedPerBucket(@Param("run") RunId run, @Param("start") Instant start, @Param("end") Instant end,
                                                    @Param("seconds") long seconds);

    List<OverviewRows.BucketRow> usesPerBucket(@Param("run") RunId run, @Param("start") Instant start, @Param("end") Instant end,
                                               @Param("seconds") long seconds);

    List<OverviewRows.UsedRow> usedHistogram(@Param("run") RunId run, @Param("page") KeyPage<Integer> page);

    int deleteByTask(@Param("run") RunId run, @Param("task") TaskId task);

    List<OverviewRows.EventRow> usageEvents(@Param("filter") UsageEventFilter filter, @Param("page") KeyPage<Long> page);

    int reserveAnswer(@Param("key") IdempotencyKey key, @Param("fingerprint") String fingerprint, @Param("at") Instant at);

    OverviewRows.AnswerRow storedAnswer(@Param("key") IdempotencyKey key);

    int completeAnswer(@Param("key") IdempotencyKey key, @Param("status") int status, @Param("body") String body);

    int insertAnswerPart(@Param("key") IdempotencyKey key, @Param("part") int part, @Param("body") String body);

    List<String> answerParts(@Param("key") IdempotencyKey key);

    List<String> purgeableAnswerKeys(@Param("before") Instant before, @Param("limit") int limit);

    int deleteAnswerParts(@Param("keys") List<String> keys);

    int deleteAnswers(@Param("keys") List<String> keys);

    int deleteHistory(@Param("trajectoryId") TrajectoryId trajectoryId);

    int deleteRunHistory(@Param("run") RunId run);

    int deleteTaskHistory(@Param("run") RunId run, @Param("task") TaskId task);

    int delete(TrajectoryId trajectoryId);

    int deleteByRunId(RunId runId);

    // ---- leases ----

    int insertLease(OverviewRows.LeaseRow lease);

    OverviewRows.LeaseRow lockLease(@Param("id") long id);

    OverviewRows.LeaseRow findLease(@Param("id") long id);

    /** A consumer's leases by id after {@code afterId}; only those running out after {@code runningAt} unless null. */
    List<OverviewRows.LeaseRow> leasesOf(@Param("consumer") String consumer, @Param("afterId") long afterId,
                                         @Param("limit") int limit, @Param("runningAt") Instant runningAt);

    /** Writes the lease's rows and, when given, when it last gave rows back. */
    int writeItems(@Param("id") long id, @Param("items") String items, @Param("freedAt") Instant freedAt);

    int expireAt(@Param("id") long id, @Param("expiresAt") Instant expiresAt);

    long newestRecordId();

    List<OverviewRows.RunActivity> runsCreatedAfter(@Param("afterId") long afterId);

    List<OverviewRows.RunActivity> runsOfEndedLeases(@Param("from") Instant from, @Param("to") Instant to);

    List<Long> expiredLeaseIds(@Param("before") Instant before, @Param("limit") int limit);

    int deleteLeases(@Param("ids") Collection<Long> ids);
}
