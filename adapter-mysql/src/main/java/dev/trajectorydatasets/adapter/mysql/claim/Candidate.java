package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.TaskStanding;

import java.time.Instant;

/** An eligible member met on a walk: its task, and where it stands. */
public final class Candidate {
    public TaskId taskId;
    public Instant createdAt;
    public long id;

    TaskStanding standing() {
        return new TaskStanding(taskId, createdAt, id);
    }
}
