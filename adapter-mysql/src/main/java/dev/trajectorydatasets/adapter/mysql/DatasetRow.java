package dev.trajectorydatasets.adapter.mysql;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code datasets} as MyBatis reads and writes it; mutable so generated keys can be set. Public only
 * because MyBatis instantiates it reflectively: for a package-private class every row would cost a thrown and
 * caught IllegalAccessException (half the speed of a lookup, measured). Not part of any API.
 */
public final class DatasetRow {

    private long id;
    private String trajectoryId;
    private Instant createdAt;
    private int used;
    private int modelVersion;
    private Optional<String> runId = Optional.empty();

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }

    public String getTrajectoryId() {
        return trajectoryId;
    }

    public void setTrajectoryId(String trajectoryId) {
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

    public Optional<String> getRunId() {
        return runId;
    }

    public void setRunId(Optional<String> runId) {
        this.runId = runId;
    }
}
