package dev.trajectorydatasets.domain.usage;

/** What changed a record's {@code used}: each kind of write that counts or sets uses. */
public enum UsageKind {
    /** Registered with {@code used} above 0. */
    CREATE,
    /** {@code used} set to a value (an update, or a batch of them). */
    SET,
    /** A use counted by trajectory id. */
    USE,
    /** Taken by a claim. */
    CLAIM,
    /** Taken by a group claim. */
    GROUP_CLAIM,
    /** Counted by acknowledging a row of a lease (a leasing claim or group claim counts nothing itself). */
    ACKNOWLEDGE,
    /** The {@code used} a record already had when its store began keeping history (written by the upgrade). */
    BASELINE,
    /**
     * A re-roll: the record was made again by another model version and its uses start again from 0 (the change is
     * minus what it had; written even when that is 0, so the re-roll shows in the history).
     */
    REROLL
}
