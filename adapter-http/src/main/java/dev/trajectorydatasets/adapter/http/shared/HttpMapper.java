package dev.trajectorydatasets.adapter.http.shared;

import dev.trajectorydatasets.adapter.http.shared.HttpMessages.BatchUpdatedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.CheckpointJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ClaimedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.CreateDatasetJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.DatasetJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.GroupClaimedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.LeaseItemJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.LeaseJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ConsumerGroupJson;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ModelVersionJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.PageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.PauseJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.RunJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.SettledJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.StatsJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.TaskGroupJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.TaskJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.TimelineJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.TimelinePointJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UsageEventJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UseManyResultJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UsedCountJson;
import dev.trajectorydatasets.application.trajectory.BatchUpdateResult;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.application.usage.UsageReport;
import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.claim.TaskGroup;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseState;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.TimelineBucket;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Domain values to JSON bodies and request bodies to commands; a field left unmapped fails the build. */
@Mapper
public interface HttpMapper {

    HttpMapper INSTANCE = Mappers.getMapper(HttpMapper.class);

    DatasetJson toJson(Trajectory dataset);

    List<DatasetJson> toJson(List<Trajectory> datasets);

    PageJson toJson(TrajectoryPage page);

    @Mapping(target = "avgUsageTime", source = "averageUsed")
    @Mapping(target = "maxUsageTime", source = "maxUsed")
    @Mapping(target = "minUsageTime", source = "minUsed")
    StatsJson toJson(UsageStats stats);

    BatchUpdatedJson toJson(BatchUpdateResult result);

    @Mapping(target = "items", source = "used")
    UseManyResultJson toJson(UsageReport report);

    default GroupClaimedJson toJson(GroupClaim claim) {
        return toJson(claim, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The groups taken, with the lease that holds them when the claim leased, the lease it acknowledged first, and the
     * run's pause when it took nothing because of one.
     */
    default GroupClaimedJson toJson(GroupClaim claim, Optional<LeaseTicket> lease, Optional<LeaseSettlement> acknowledged,
                                    Optional<RunPause> paused) {
        return new GroupClaimedJson(claim.groups().stream().map(this::toJson).toList(), claim.eligibleTasks(),
                lease.map(ticket -> ticket.id().value()), lease.map(LeaseTicket::expiresAt), acknowledged.map(this::toJson),
                paused.map(this::toJson));
    }

    default ClaimedJson toJson(List<Trajectory> items, Optional<LeaseTicket> lease, Optional<LeaseSettlement> acknowledged,
                               Optional<RunPause> paused) {
        return new ClaimedJson(toJson(items), lease.map(ticket -> ticket.id().value()), lease.map(LeaseTicket::expiresAt),
                acknowledged.map(this::toJson), paused.map(this::toJson));
    }

    default PauseJson toJson(RunPause pause) {
        return new PauseJson(pause.runId().value(), pause.since(), pause.reason());
    }

    default LeaseJson toJson(Lease lease, Instant now) {
        return new LeaseJson(lease.id().value(), lease.runId().map(RunId::value), lease.maxUsed(), lease.consumer(), lease.createdAt(),
                lease.expiresAt(), lease.expiredAt(now), WireEnums.wireName(LeaseState.of(lease, now)), lease.items().stream()
                .map(item -> new LeaseItemJson(item.trajectoryId().value(), WireEnums.wireName(item.state()))).toList(),
                lease.group().name());
    }

    default SettledJson toJson(LeaseSettlement settlement) {
        return new SettledJson(settlement.leaseId().value(), toJson(settlement.settled()),
                settlement.unchanged().stream().map(TrajectoryId::value).toList(), settlement.lost().stream().map(TrajectoryId::value).toList());
    }

    TaskGroupJson toJson(TaskGroup group);

    default CheckpointJson toJson(Checkpoint checkpoint) {
        return new CheckpointJson(text(checkpoint.runId()), checkpoint.version(), checkpoint.path(), checkpoint.createdAt(),
                checkpoint.details().orElse(null));
    }

    RunJson toJson(RunSummary run);

    TaskJson toJson(TaskSummary task);

    ModelVersionJson toJson(ModelVersionSummary version);

    UsedCountJson toJson(UsedCount count);

    /** A timeline with each span's running totals beside its own counts. */
    default TimelineJson toJson(RunTimeline timeline) {
        List<RunTimeline.Totals> totals = timeline.runningTotals();
        List<TimelinePointJson> points = new ArrayList<>(totals.size());
        for (int i = 0; i < totals.size(); i++) {
            TimelineBucket point = timeline.points().get(i);
            points.add(new TimelinePointJson(point.start(), point.created(), point.firstUsed(), point.claimed(),
                    point.acknowledged(), point.used(), totals.get(i).trajectories(), totals.get(i).neverUsed()));
        }
        TimeBuckets buckets = timeline.buckets();
        return new TimelineJson(timeline.runId().value(), buckets.start(), buckets.end(), buckets.width().getSeconds(),
                timeline.createdBefore(), timeline.firstUsedBefore(), points);
    }

    default UsageEventJson toJson(UsageEvent event) {
        return new UsageEventJson(event.id(), event.trajectoryId().value(), event.runId().map(RunId::value), event.change(),
                WireEnums.wireName(event.kind()), event.at(), event.idempotencyKey().map(IdempotencyKey::value), event.consumer(),
                event.group().name());
    }

    default ConsumerGroupJson toJson(GroupSummary group) {
        return new ConsumerGroupJson(group.runId().value(), group.group().name(), group.used(), group.unused(), group.uses());
    }

    default String text(TaskId id) {
        return id.value();
    }

    default String text(RunId id) {
        return id.value();
    }

    default Optional<String> taskText(Optional<TaskId> task) {
        return task.map(TaskId::value);
    }

    /** The stored JSON object's text, written raw; null when there is none. */
    default String rawJson(Optional<Attributes> attributes) {
        return attributes.isPresent() ? attributes.get().json() : null;
    }

    default String text(TrajectoryId id) {
        return id.value();
    }

    default List<String> texts(List<TrajectoryId> ids) {
        return ids.stream().map(TrajectoryId::value).toList();
    }

    default Optional<String> text(Optional<RunId> run) {
        return run.map(RunId::value);
    }

    /** Absent {@code used} and {@code model_version} are 0; an absent or null {@code run_id} means no run. */
    default CreateDatasetCommand toCommand(CreateDatasetJson json) {
        if (json.onConflict() != null) {
            throw new InvalidInputException("on_conflict", "belongs on the batch, not on an item");
        }
        return toCommandOf(json);
    }

    /** A create's command, its {@code on_conflict} read by the route. */
    default CreateDatasetCommand toCommandOf(CreateDatasetJson json) {
        return new CreateDatasetCommand(TrajectoryId.of(json.trajectoryId()), Optional.ofNullable(json.runId()).map(RunId::of),
                json.used() == null ? 0 : json.used(), json.modelVersion() == null ? 0 : json.modelVersion(),
                Optional.ofNullable(json.taskId()).map(TaskId::of),
                json.reward() == null ? OptionalDouble.empty() : OptionalDouble.of(json.reward()),
                Optional.ofNullable(json.attributes()).map(UpdateFields::attributes));
    }
}
