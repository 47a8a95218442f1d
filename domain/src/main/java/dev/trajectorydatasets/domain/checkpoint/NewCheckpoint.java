package dev.trajectorydatasets.domain.checkpoint;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A checkpoint to register. The store assigns its version: 0 when {@code initial} (once per run), otherwise one
 * more than the run's highest, atomically, however many register at once.
 */
public record NewCheckpoint(RunId runId, String path, boolean initial, Instant createdAt) {

    /** Longest checkpoint path, in code points. */
    public static final int MAX_PATH_LENGTH = 4_096;

    public NewCheckpoint {
        DatasetRules.required("runId", runId);
        checkPath(path);
        createdAt = DatasetRules.storable("createdAt", createdAt).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The version this checkpoint gets, as every store decides it: 0 for the initial one (a
     * {@link DuplicateCheckpointException} when {@code stored} holds 0 already), else one more than the run's
     * {@code highest} (1 when it has none).
     */
    public int nextVersion(Supplier<OptionalInt> highest, IntPredicate stored) {
        if (initial) {
            if (stored.test(0)) {
                throw new DuplicateCheckpointException(runId, 0);
            }
            return 0;
        }
        return highest.get().orElse(0) + 1;
    }

    public Checkpoint stored(int version) {
        return new Checkpoint(runId, version, path, createdAt);
    }

    static String checkPath(String path) {
        DatasetRules.required("path", path);
        if (path.isBlank()) {
            throw new InvalidInputException("path", "must not be blank");
        }
        int length = path.codePointCount(0, path.length());
        if (length > MAX_PATH_LENGTH) {
            throw new InvalidInputException("path", "must be at most " + MAX_PATH_LENGTH + " characters, was " + length);
        }
        if (path.codePoints().anyMatch(c -> Character.isISOControl(c) || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))) {
            throw new InvalidInputException("path", "must not contain control characters or unpaired surrogates");
        }
        return path;
    }
}
