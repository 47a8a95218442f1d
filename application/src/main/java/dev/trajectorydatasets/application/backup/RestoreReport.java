package dev.trajectorydatasets.application.backup;

/**
 * How a restore went: records created and skipped (stored already, left as they were with their history), usage
 * events written with them, checkpoints and pauses stored (those present already are left as they are).
 */
public record RestoreReport(int created, int skipped, int events, int checkpoints, int pauses) {
}
