package dev.trajectorydatasets.adapter.inmemory.claim;

import dev.trajectorydatasets.adapter.inmemory.shared.Counts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.ClaimStore;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskGroup;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseItem;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Claims in memory: the four orders walk the indexes; group claims select with {@code GroupRules}.
 */
public final class MemoryClaims implements ClaimStore {

    private final Unit unit;
    private final Tables state;

    public MemoryClaims(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public List<Trajectory> claim(ClaimRequest request) {
        return unit.write(() -> {
            List<Trajectory> chosen = chosen(request);
            List<Trajectory> claimed = new ArrayList<>(chosen.size());
            Counts counts = unit.counts();
            for (Trajectory dataset : chosen) {
                claimed.add(unit.counted(counts.set(dataset, dataset.used() + 1), 1, UsageKind.CLAIM));
            }
            return List.copyOf(claimed);
        });
    }

    /** The records a claim takes now: none when fewer than its minimum are eligible. */
    private List<Trajectory> chosen(ClaimRequest request) {
        Instant now = unit.clock.instant();
        Counts counts = unit.counts();
        if (!unit.origin.group().isDefault() && request.runId().isEmpty()) {
            throw new InvalidInputException("runId", "a claim in consumer group " + unit.origin.group() + " names its run");
        }
        Predicate<Trajectory> eligible = dataset -> request.admits(dataset) && LeaseHold.free(counts.hold(dataset.id()), now);
        List<Trajectory> chosen = switch (request.order()) {
            case OLDEST -> firstAdmitted(request, eligible, seen(counts, state.candidates(request.runId()).all()));
            case NEWEST -> firstAdmitted(request, eligible, seen(counts, state.candidates(request.runId()).descending()));
            case LEAST_USED -> leastUsed(request, eligible, counts.leastUsed(request.runId()));
            case RANDOM -> sample(request, eligible, seen(counts, state.candidates(request.runId()).all()));
        };
        return request.enough(chosen.size()) ? chosen : List.of();
    }

    private static Iterable<Trajectory> seen(Counts counts, Iterable<Trajectory> records) {
        return () -> stream(records).map(counts::seen).iterator();
    }

    /**
     * The first eligible records in least-used order: O(taken + skipped) instead of a scan. The walk ends at the
     * first record at the claim's cap, since every record after it is used as much or more.
     */
    private static List<Trajectory> leastUsed(ClaimRequest request, Predicate<Trajectory> eligible, Iterable<Trajectory> ordered) {
        List<Trajectory> taken = new ArrayList<>();
        for (Trajectory dataset : ordered) {
            if (dataset.used() >= request.usedCeiling()) {
                break;
            }
            if (eligible.test(dataset)) {
                taken.add(dataset);
                if (taken.size() == request.count()) {
                    break;
                }
            }
        }
        return taken;
    }

    private static List<Trajectory> firstAdmitted(ClaimRequest request, Predicate<Trajectory> eligible, Iterable<Trajectory> ordered) {
        List<Trajectory> taken = new ArrayList<>();
        for (Trajectory dataset : ordered) {
            if (eligible.test(dataset)) {
                taken.add(dataset);
                if (taken.size() == request.count()) {
                    break;
                }
            }
        }
        return taken;
    }

    /** Reservoir sampling: every eligible record is equally likely to be taken. */
    private static List<Trajectory> sample(ClaimRequest request, Predicate<Trajectory> eligible, Iterable<Trajectory> candidates) {
        int count = request.count();
        List<Trajectory> taken = new ArrayList<>(Math.min(count, 1024));
        int seen = 0;
        for (Trajectory dataset : candidates) {
            if (!eligible.test(dataset)) {
                continue;
            }
            seen++;
            if (taken.size() < count) {
                taken.add(dataset);
            } else {
                int slot = ThreadLocalRandom.current().nextInt(seen);
                if (slot < count) {
                    taken.set(slot, dataset);
                }
            }
        }
        Collections.shuffle(taken, ThreadLocalRandom.current());
        return taken;
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return unit.write(() -> {
            GroupClaim chosen = chosenGroups(request);
            if (chosen.groups().isEmpty()) {
                return chosen;
            }
            List<TaskGroup> taken = new ArrayList<>(chosen.groups().size());
            Counts counts = unit.counts();
            for (TaskGroup group : chosen.groups()) {
                List<Trajectory> members = new ArrayList<>(group.items().size());
                for (Trajectory member : group.items()) {
                    members.add(unit.counted(counts.set(member, member.used() + 1), 1, UsageKind.GROUP_CLAIM));
                }
                taken.add(new TaskGroup(group.taskId(), members));
            }
            return GroupClaim.took(taken);
        });
    }

    /** The groups a group claim takes now, of records no live lease holds. */
    private GroupClaim chosenGroups(GroupClaimRequest request) {
        GroupRules rules = GroupRules.of(request.criteria(), state.latestVersions(request.runId(), request.criteria()));
        Instant now = unit.clock.instant();
        Counts counts = unit.counts();
        Iterable<Trajectory> free = () -> stream(state.candidates(Optional.of(request.runId())).all())
                .filter(dataset -> LeaseHold.free(counts.hold(dataset.id()), now)).map(counts::seen).iterator();
        return rules.select(free, request, ThreadLocalRandom.current());
    }

    private static Stream<Trajectory> stream(Iterable<Trajectory> records) {
        return StreamSupport.stream(records.spliterator(), false);
    }

    // ---- leases ----
    @Override
    public Leased<List<Trajectory>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return unit.write(() -> {
            List<Trajectory> chosen = chosen(request);
            return new Leased<>(chosen, hold(chosen, request.runId(), request.maxUsed(), terms));
        });
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return unit.write(() -> {
            GroupClaim chosen = chosenGroups(request);
            return new Leased<>(chosen, hold(chosen.members(), Optional.of(request.runId()),
                    OptionalInt.of(request.criteria().maxUsed()), terms));
        });
    }

    /** Makes a lease holding {@code records}; none when there are none. */
    private Optional<LeaseTicket> hold(List<Trajectory> records, Optional<RunId> run, OptionalInt maxUsed,
                                      LeaseTerms terms) {
        if (records.isEmpty()) {
            return Optional.empty();
        }
        Instant now = unit.clock.instant();
        LeaseId id = LeaseId.of(state.nextLeaseId++);
        List<LeaseItem> items = records.stream().map(LeaseItem::held).toList();
        Lease lease = new Lease(id, run, maxUsed, unit.origin.consumer(), now, terms.expiryFrom(now), items, unit.origin.group());
        unit.putLease(lease);
        Counts counts = unit.counts();
        for (Trajectory record : records) {
            counts.setHold(record.id(), new LeaseHold(id, lease.expiresAt()));
        }
        return Optional.of(lease.ticket());
    }
}
