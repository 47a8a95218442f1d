package dev.trajectorydatasets.application.lease;

/** What releasing a consumer's leases gave back: how many leases still held rows, and how many rows they held. */
public record LeasesReleased(int leases, int rows) {
}
