package dev.trajectorydatasets.application.lease;

import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A consumer's leases: what a restarted trainer finds of its predecessor's steps, and frees at once instead of
 * waiting for them to run out.
 */
public final class ConsumerLeases {

    /** Leases read from the store per look while filtering a page by state. */
    private static final int SCAN = 500;

    private final DatasetPort port;
    private final Clock clock;
    private final SettleLeases settling;

    public ConsumerLeases(Scope scope, SettleLeases settling) {
        this.port = scope.port();
        this.clock = scope.clock();
        this.settling = settling;
    }

    /**
     * A page of the consumer's leases in {@code states}, by id. The store is read in scans of the consumer's leases (only
     * running ones unless {@code states} holds {@link LeaseState#EXPIRED}); a page may end short of its limit with a
     * next key when a scan's leases were in other states.
     */
    public KeyedPage<Lease, LeaseId> list(String consumer, Set<LeaseState> states, KeyPage<LeaseId> page) {
        UsageOrigin.consumer(DatasetRules.required("consumer", consumer));
        DatasetRules.required("states", states);
        Instant now = clock.instant();
        Optional<Instant> runningAt = states.contains(LeaseState.EXPIRED) ? Optional.empty() : Optional.of(now);
        List<Lease> found = new ArrayList<>();
        Optional<LeaseId> after = page.after();
        for (int scanned = 0; scanned < SCAN * 4; ) {
            int want = Math.min(SCAN, page.limit() + 1 - found.size());
            List<Lease> scan = port.leases().ofConsumer(consumer, after, want, runningAt);
            for (Lease lease : scan) {
                if (states.contains(LeaseState.of(lease, now))) {
                    found.add(lease);
                }
                after = Optional.of(lease.id());
            }
            scanned += scan.size();
            if (scan.size() < want || found.size() > page.limit()) {
                boolean more = found.size() > page.limit();
                List<Lease> items = more ? found.subList(0, page.limit()) : found;
                return new KeyedPage<>(items, more ? Optional.of(items.get(items.size() - 1).id()) : Optional.empty());
            }
        }
        // Many leases in other states: answer what was found and where to go on from.
        return new KeyedPage<>(found, after);
    }

    /**
     * Releases every row the consumer's running leases still hold, lease by lease (each in its own unit, so a long
     * list never holds many locks); returns how many leases gave rows back and how many rows.
     */
    public LeasesReleased releaseAll(String consumer) {
        UsageOrigin.consumer(DatasetRules.required("consumer", consumer));
        int leases = 0;
        int rows = 0;
        Optional<LeaseId> after = Optional.empty();
        while (true) {
            KeyedPage<Lease, LeaseId> page = list(consumer, Set.of(LeaseState.HELD), new KeyPage<>(after, 100));
            for (Lease lease : page.items()) {
                int freed = settling.release(lease.id(), Optional.empty()).settled().size();
                if (freed > 0) {
                    leases++;
                    rows += freed;
                }
            }
            if (page.next().isEmpty()) {
                return new LeasesReleased(leases, rows);
            }
            after = page.next();
        }
    }
}
