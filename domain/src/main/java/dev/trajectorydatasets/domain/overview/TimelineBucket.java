package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import java.time.Instant;

/**
 * What happened to a run in one span of its timeline: trajectories created; trajectories counted for the first time
 * (their first use of any kind); and the uses counted, by how: by claims and group claims, by lease
 * acknowledgements, and by direct uses.
 */
public record TimelineBucket(Instant start, long created, long firstUsed, long claimed, long acknowledged, long used) {

    public TimelineBucket {
        DatasetRules.required("start", start);
    }

    /** A span where nothing happened. */
    public static TimelineBucket empty(Instant start) {
        return new TimelineBucket(start, 0, 0, 0, 0, 0);
    }
}
