package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.TaskStanding;
import dev.trajectorydatasets.domain.overview.UsedCount;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalDouble;

/**
 * Rows of the group-claim, checkpoint and overview queries. Public with public fields for MyBatis (which sets
 * fields directly when there are no setters), as {@link TrajectoryRow} is public; not part of any API.
 */
public final class OverviewRows {

    private OverviewRows() {
    }

    /** An eligible member met on a walk: its task, and where it stands. */
    public static final class Candidate {
        public TaskId taskId;
        public Instant createdAt;
        public long id;

        TaskStanding standing() {
            return new TaskStanding(taskId, createdAt, id);
        }
    }

    public static final class CheckpointRow {
        public RunId runId;
        public int version;
        public String path;
        public Instant createdAt;

        Checkpoint checkpoint() {
            return new Checkpoint(runId, version, path, createdAt);
        }
    }

    public static final class RunRow {
        public RunId runId;
        public long trajectories;
        public long unused;
        public long totalUses;
        public int newestModelVersion;
        public Instant firstCreatedAt;
        public Instant lastCreatedAt;
    }

    public static final class NewestCheckpoint {
        public RunId runId;
        public int version;
    }

    public static final class TaskRow {
        public TaskId taskId;
        public long trajectories;
        public Double meanReward;
        public int leastUsed;
        public int newestModelVersion;
        public Instant firstCreatedAt;
    }

    /** A count in one span of a timeline (-1: before the first span), of one kind of use where that matters. */
    public static final class BucketRow {
        public long bucket;
        public String kind;
        public long n;
    }

    /** One bar of a used histogram. */
    public static final class UsedRow {
        public int used;
        public long trajectories;

        UsedCount count() {
            return new UsedCount(used, trajectories);
        }
    }

    public static final class VersionRow {
        public int modelVersion;
        public long trajectories;
        public long scored;
        public Double meanReward;
        public long positive;
        public long distinctTasks;

        ModelVersionSummary summary() {
            return new ModelVersionSummary(modelVersion, trajectories, scored, optional(meanReward),
                    scored == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) positive / scored), distinctTasks);
        }
    }

    public static final class EventRow {
        public long id;
        public TrajectoryId trajectoryId;
        public Optional<RunId> runId = Optional.empty();
        public int changeBy;
        public UsageKind kind;
        public Instant occurredAt;
        public String idempotencyKey;
        public String consumer;

        UsageEvent event() {
            return new UsageEvent(id, trajectoryId, runId, changeBy, kind, occurredAt,
                    Optional.ofNullable(idempotencyKey).map(IdempotencyKey::of), Optional.ofNullable(consumer));
        }
    }

    /** One task's eligible members added up (the task overview). */
    public static final class MemberTally {
        public TaskId taskId;
        public long members;
        public Double rewardSum;
        public long positives;
    }

    public static final class AnswerRow {
        public String idempotencyKey;
        public String fingerprint;
        public int status;
        public String body;
        public Instant createdAt;

        StoredAnswer answer() {
            return new StoredAnswer(IdempotencyKey.of(idempotencyKey), fingerprint, status, body == null ? "" : body, createdAt);
        }
    }

    static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** A row of {@code leases}; {@code id} is set from the generated key on insert. */
    public static final class LeaseRow {
        public long id;
        public RunId runId;
        public Integer maxUsed;
        public String consumer;
        public Instant createdAt;
        public Instant expiresAt;
        /** {@link LeaseItemsText}. */
        public String items;

        Lease lease() {
            return new Lease(LeaseId.of(id), Optional.ofNullable(runId), maxUsed == null ? OptionalInt.empty() : OptionalInt.of(maxUsed),
                    Optional.ofNullable(consumer), createdAt, expiresAt, LeaseItemsText.decode(items));
        }
    }

    /** A leased row with its hold, read locked. */
    public static final class HeldRow extends TrajectoryRow {
        public Long leaseId;
        public Instant leasedUntil;

        LeaseHold hold() {
            return leaseId == null ? null : new LeaseHold(LeaseId.of(leaseId), leasedUntil);
        }
    }

    /** A run (null: records or leases without one) where something happened, and its newest record id. */
    public static final class RunActivity {
        public RunId runId;
        public long lastId;
    }
}
