package dev.trajectorydatasets.domain.activity;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import java.time.Instant;

/** Where a watcher of the store's activity stands: the newest record id it has seen, and when it last looked. */
public record ActivityMark(long lastRecordId, Instant at) {

    public ActivityMark {
        if (lastRecordId < 0) {
            throw new InvalidInputException("lastRecordId", "must be >= 0, was " + lastRecordId);
        }
        DatasetRules.required("at", at);
    }
}
