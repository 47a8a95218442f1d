package dev.trajectorydatasets.application.shared;

import dev.trajectorydatasets.domain.DatasetPort;

import java.time.Clock;

/**
 * What the use cases of one manager work with: the store (or a unit of work's port), the clock that stamps
 * {@code created_at} and times leases, and where writes report what they changed.
 */
public record Scope(DatasetPort port, Clock clock, Publisher publisher) {
}
