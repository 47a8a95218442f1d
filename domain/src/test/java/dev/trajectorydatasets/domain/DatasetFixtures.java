package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Test data that reads like a sentence: {@code aDataset().withRunId(run).used(3).build()}. */
public final class DatasetFixtures {

    /** A fixed, microsecond-precise instant; tests add seconds to order records in time. */
    public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private DatasetFixtures() {
    }

    public static Builder aDataset() {
        return new Builder();
    }

    /** An id no other test (or earlier run against the same database) uses. */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 13) + "_" + SEQUENCE.incrementAndGet();
    }

    public static final class Builder {
        private String trajectoryId = unique("traj");
        private Optional<String> runId = Optional.empty();
        private int used;
        private int modelVersion;
        private Instant createdAt = T0;
        private Optional<TaskId> taskId = Optional.empty();
        private OptionalDouble reward = OptionalDouble.empty();
        private Optional<Attributes> attributes = Optional.empty();

        public Builder withTaskId(String task) {
            this.taskId = Optional.of(TaskId.of(task));
            return this;
        }

        public Builder rewarded(double value) {
            this.reward = OptionalDouble.of(value);
            return this;
        }

        public Builder withAttributes(String json) {
            this.attributes = Optional.of(Attributes.of(json));
            return this;
        }

        public Builder withTrajectoryId(String id) {
            this.trajectoryId = id;
            return this;
        }

        public Builder withTrajectoryId(TrajectoryId id) {
            return withTrajectoryId(id.value());
        }

        public Builder withRunId(String run) {
            this.runId = Optional.of(run);
            return this;
        }

        public Builder used(int times) {
            this.used = times;
            return this;
        }

        public Builder withModelVersion(int version) {
            this.modelVersion = version;
            return this;
        }

        public Builder createdAt(Instant at) {
            this.createdAt = at;
            return this;
        }

        public NewTrajectory build() {
            return new NewTrajectory(TrajectoryId.of(trajectoryId), runId.map(RunId::of), used, modelVersion, createdAt,
                    taskId, reward, attributes);
        }
    }
}
