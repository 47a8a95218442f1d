package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;

import java.time.Instant;
import java.util.Optional;

/**
 * A run whose claims are paused (a bad reward model found mid-run, say): claims and group claims take nothing from it
 * until it is resumed; creates, acknowledgements and reads go on.
 *
 * @param reason what the operator wrote, at most {@value #MAX_REASON} characters
 */
public record RunPause(RunId runId, Instant since, Optional<String> reason) {

    public static final int MAX_REASON = 1_000;

    public RunPause {
        DatasetRules.required("runId", runId);
        DatasetRules.required("since", since);
        DatasetRules.required("reason", reason);
        if (reason.isPresent() && reason.get().length() > MAX_REASON) {
            throw new InvalidInputException("reason", "must be at most " + MAX_REASON + " characters, was " + reason.get().length());
        }
    }
}
