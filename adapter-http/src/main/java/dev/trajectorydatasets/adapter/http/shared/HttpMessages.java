package dev.trajectorydatasets.adapter.http.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The JSON bodies of the API. Field names are snake_case on the wire (the mapper's naming strategy); request
 * fields are boxed so that an absent field can take its default, and unknown fields are rejected.
 */
public final class HttpMessages {

    private HttpMessages() {
    }

    /** A stored record; {@code attributes} is the stored JSON object, written out as it is. */
    record DatasetJson(long id, String trajectoryId, Optional<String> runId, Optional<String> taskId, int used,
                       int modelVersion, OptionalDouble reward, Instant createdAt, @JsonRawValue String attributes) {
    }

    public record CreateDatasetJson(String trajectoryId, String runId, Integer used, Integer modelVersion, String taskId,
                             Double reward, Map<String, Object> attributes, String onConflict, String checkpointPath) {

        /** The same create, made by model version {@code version} (its checkpoint path resolved). */
        public CreateDatasetJson madeBy(int version) {
            return new CreateDatasetJson(trajectoryId, runId, used, version, taskId, reward, attributes, onConflict, null);
        }
    }

    /** A re-roll: the model version that made the record again (or its checkpoint's path), and its new fields. */
    public record RerollJson(Integer modelVersion, String checkpointPath, Double reward, String taskId, Map<String, Object> attributes) {
    }

    public record BatchCreateJson(List<CreateDatasetJson> items, String onConflict) {
    }

    /** Records in the export format, one JSON object each. */
    public record ImportJson(List<com.fasterxml.jackson.databind.JsonNode> items, String onConflict) {
    }

    /**
     * Records stored, and left as they were (their ids were stored already); usage events stored with them; checkpoints
     * and pauses stored.
     */
    public record ImportedJson(int created, int skipped, int events, int checkpoints, int pauses) {
    }

    /** {@code skipped}: with {@code on_conflict: "skip"}, the ids left as they were (else always empty). */
    public record BatchCreatedJson(int created, List<DatasetJson> items, List<String> skipped) {
    }

    record PageJson(List<DatasetJson> items, OptionalLong nextAfterId) {
    }

    public record CountJson(long count) {
    }

    record StatsJson(long totalCount, double avgUsageTime, int maxUsageTime, int minUsageTime, long uniqueRuns) {
    }

    /** Items are kept as field maps: {@code run_id: null} (clear it) must differ from an absent {@code run_id}. */
    public record BatchUpdateJson(List<Map<String, Object>> items, String consumerGroup) {
    }

    record BatchUpdatedJson(int updated, List<String> notFound) {
    }

    public record DeletedJson(int deleted) {
    }

    public record UseJson(Integer by, Integer maxUsed, String consumer, String consumerGroup) {
    }

    public record UseManyJson(List<String> trajectoryIds, Integer by, Integer maxUsed, String consumer, String consumerGroup) {
    }

    record UseManyResultJson(List<DatasetJson> items, List<String> notFound, List<String> atLimit) {
    }

    public record ClaimJson(Integer count, String runId, Integer maxUsed, Integer modelVersionMin, String order, String consumer,
                     Integer minCount, Integer leaseSeconds, Integer waitMs, Long acknowledgeLeaseId, String consumerGroup) {
    }

    /**
     * {@code lease_id} and {@code expires_at}: the lease holding the items, when the claim leased; null otherwise.
     * {@code acknowledged}: what acknowledging {@code acknowledge_lease_id} did, when the claim named one.
     */
    /** {@code paused}: when the claim took nothing because its run is paused, that pause (else null). */
    record ClaimedJson(List<DatasetJson> items, Optional<Long> leaseId, Optional<Instant> expiresAt, Optional<SettledJson> acknowledged,
                       Optional<PauseJson> paused) {
    }

    public record PauseJson(String runId, Instant since, Optional<String> reason) {
    }

    public record PauseRequestJson(String reason) {
    }

    public record PausePageJson(List<PauseJson> items) {
    }

    public record ResumedJson(boolean resumed) {
    }

    public record GroupClaimJson(String runId, Integer groupSize, Integer minGroups, Integer maxGroups, Integer maxUsed,
                          Integer modelVersionMin, Integer latestCheckpoints, Double meanRewardMin,
                          Double meanRewardMaxExclusive, Boolean mixedRewards, String order, String consumer,
                          Integer leaseSeconds, Integer waitMs, Long acknowledgeLeaseId, String consumerGroup) {
    }

    /** {@code state}: held (running, rows still held), settled (running, every row settled) or expired. */
    public record LeaseJson(long leaseId, Optional<String> runId, OptionalInt maxUsed, Optional<String> consumer, Instant createdAt,
                     Instant expiresAt, boolean expired, String state, List<LeaseItemJson> items, String consumerGroup) {
    }

    public record LeasePageJson(List<LeaseJson> items, Optional<Long> nextAfterLeaseId) {
    }

    /** What {@code POST /v1/consumers/{consumer}/release} gave back. */
    public record ConsumerReleasedJson(String consumer, int leases, int rows) {
    }

    record LeaseItemJson(String trajectoryId, String state) {
    }

    /** The rows to acknowledge or release; all of the lease's when absent. */
    public record SettleJson(List<String> trajectoryIds) {
    }

    public record ExtendJson(Integer leaseSeconds) {
    }

    /** {@code items}: the rows acknowledged (after their use was counted) or released. */
    public record SettledJson(long leaseId, List<DatasetJson> items, List<String> unchanged, List<String> lost) {
    }

    /** An acknowledgement that could not count every row: a problem that also says what was counted. */
    public record LeaseLostJson(String type, String title, int status, String detail, String code, long leaseId, List<DatasetJson> items,
                         List<String> unchanged, List<String> lost) {
    }

    record TaskGroupJson(String taskId, List<DatasetJson> items) {
    }

    /** {@code eligible_tasks}: how many tasks were eligible when nothing was taken; null when groups were. */
    record GroupClaimedJson(List<TaskGroupJson> groups, OptionalInt eligibleTasks, Optional<Long> leaseId, Optional<Instant> expiresAt,
                            Optional<SettledJson> acknowledged, Optional<PauseJson> paused) {
    }

    public record NewCheckpointJson(String path, Boolean initial) {
    }

    /** {@code details}: the stored JSON object, written out as it is; null for a checkpoint registered here. */
    public record CheckpointJson(String runId, int version, String path, Instant createdAt, @JsonRawValue String details) {
    }

    public record CheckpointPageJson(List<CheckpointJson> items, Optional<Integer> nextBeforeVersion) {
    }

    public record RunJson(String runId, long trajectories, long unused, long totalUses, int newestModelVersion,
                   OptionalInt newestCheckpoint, Instant firstCreatedAt, Instant lastCreatedAt) {
    }

    /** What a run holds, and when anything last happened to it. */
    public record RunContentsJson(String runId, long trajectories, long usageEvents, long checkpoints, long leases,
                                  Optional<Instant> lastActivityAt) {
    }

    /** What a run held (deleted, or with {@code dry_run} what would be). */
    public record RunDeletedJson(String runId, long trajectories, long usageEvents, long checkpoints, long leases,
                                 Optional<Instant> lastActivityAt, boolean dryRun) {
    }

    public record RunPageJson(List<RunJson> items, Optional<String> nextAfterRunId) {
    }

    public record TaskJson(String taskId, long trajectories, long eligibleMembers, boolean eligible, OptionalDouble meanReward,
                    int leastUsed, int newestModelVersion, Instant firstCreatedAt) {
    }

    public record TaskPageJson(List<TaskJson> items, Optional<String> nextAfterTaskId) {
    }

    public record ModelVersionJson(int modelVersion, long trajectories, long scored, OptionalDouble meanReward,
                            OptionalDouble positiveShare, long distinctTasks) {
    }

    public record ModelVersionsJson(List<ModelVersionJson> items) {
    }

    record TimelinePointJson(Instant start, long created, long firstUsed, long claimed, long acknowledged, long used,
                             long trajectories, long neverUsed) {
    }

    record TimelineJson(String runId, Instant from, Instant to, long bucketSeconds, long trajectoriesBefore,
                        long firstUsedBefore, List<TimelinePointJson> buckets) {
    }

    /** A consumer group of a run and where it stands. */
    public record ConsumerGroupJson(String runId, String consumerGroup, long used, long unused, long uses) {
    }

    public record ConsumerGroupPageJson(List<ConsumerGroupJson> items) {
    }

    public record UsedCountJson(int used, long trajectories) {
    }

    public record UsedHistogramJson(List<UsedCountJson> items, Optional<Integer> nextAfterUsed) {
    }

    public record UsageEventJson(long eventId, String trajectoryId, Optional<String> runId, int change, String kind, Instant at,
                          Optional<String> idempotencyKey, Optional<String> consumer, String consumerGroup) {
    }

    public record UsageEventPageJson(List<UsageEventJson> items, Optional<Long> nextAfterEventId) {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record HealthJson(String status, Optional<String> store, Optional<String> version) {
    }

    /** RFC 9457 problem details, plus a stable {@code code} and the offending field or trajectory ids. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Problem(String type, String title, int status, String detail, String code, Optional<String> field,
                   Optional<List<String>> trajectoryIds) {
    }
}
