package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code datasets} as MyBatis reads and writes it; mutable so generated keys can be set. Public only
 * because MyBatis instantiates it reflectively, and a package-private class costs a thrown and caught
 * IllegalAccessException per row. Not part of any API.
 */
public class TrajectoryRow {

    private long id;
    private TrajectoryId trajectoryId;
    private Instant createdAt;
    private int used;
    private int modelVersion;
    private Optional<RunId> runId = Optional.empty();
    private TaskId taskId;
    private Double reward;
    private String attributes;
    /** Random, written once: where the row stands in the order random claims walk. */
    private int claimKey;

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }

    public TrajectoryId getTrajectoryId() {
        return trajectoryId;
    }

    public void setTrajectoryId(TrajectoryId trajectoryId) {
        this.trajectoryId = trajectoryId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public int getUsed() {
        return used;
    }

    public void setUsed(int used) {
        this.used = used;
    }

    public int getModelVersion() {
        return modelVersion;
    }

    public void setModelVersion(int modelVersion) {
        this.modelVersion = modelVersion;
    }

    public Optional<RunId> getRunId() {
        return runId;
    }

    public void setRunId(Optional<RunId> runId) {
        this.runId = runId;
    }

    public int getClaimKey() {
        return claimKey;
    }

    public void setClaimKey(int claimKey) {
        this.claimKey = claimKey;
    }

    public TaskId getTaskId() {
        return taskId;
    }

    public void setTaskId(TaskId taskId) {
        this.taskId = taskId;
    }

    public Double getReward() {
        return reward;
    }

    public void setReward(Double reward) {
        this.reward = reward;
    }

    public String getAttributes() {
        return attributes;
    }

    public void setAttributes(String attributes) {
        this.attributes = attributes;
    }
}
