package dev.trajectorydatasets.domain.usage;

import dev.trajectorydatasets.domain.DatasetRules;
import java.util.OptionalInt;

/**
 * How much to add to {@code used}, and the cap it may not pass: an increment happens only while
 * {@code used + by <= maxUsed}. Without a cap, {@code used} still stops at {@link Integer#MAX_VALUE}.
 */
public record UsageLimit(int by, OptionalInt maxUsed) {

    public UsageLimit {
        DatasetRules.positive("by", by);
        DatasetRules.required("maxUsed", maxUsed).ifPresent(max -> DatasetRules.notNegative("maxUsed", max));
    }

    /** One more use, no cap. */
    public static UsageLimit once() {
        return new UsageLimit(1, OptionalInt.empty());
    }

    /** Adds {@code by} (at least 1), no cap. */
    public static UsageLimit by(int by) {
        return new UsageLimit(by, OptionalInt.empty());
    }

    /** One more use while {@code used < maxUsed}. */
    public static UsageLimit onceBelow(int maxUsed) {
        return new UsageLimit(1, OptionalInt.of(maxUsed));
    }

    /** The same increment, only while {@code used + by <= maxUsed}. */
    public UsageLimit cappedAt(int maxUsed) {
        return new UsageLimit(by, OptionalInt.of(maxUsed));
    }

    /** The highest {@code used} a record may have for this increment to apply. */
    public int highestUsedAllowed() {
        int ceiling = maxUsed.orElse(Integer.MAX_VALUE);
        return ceiling - by;
    }

    /** Whether a record used {@code used} times may take this increment. */
    public boolean allows(int used) {
        return used <= highestUsedAllowed();
    }
}
