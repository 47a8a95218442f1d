package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.ClaimStore;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.GroupRules;
import dev.trajectorydatasets.domain.Lease;
import dev.trajectorydatasets.domain.LeaseHold;
import dev.trajectorydatasets.domain.LeaseId;
import dev.trajectorydatasets.domain.LeaseItem;
import dev.trajectorydatasets.domain.LeaseTerms;
import dev.trajectorydatasets.domain.LeaseTicket;
import dev.trajectorydatasets.domain.Leased;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskGroup;
import dev.trajectorydatasets.domain.UsageKind;
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
final class MemoryClaims implements ClaimStore {

    private final Unit unit;
    private final Tables state;

    MemoryClaims(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public List<Dataset> claim(ClaimRequest request) {
        return unit.write(() -> {
            List<Dataset> chosen = chosen(request);
            List<Dataset> claimed = new ArrayList<>(chosen.size());
            for (Dataset dataset : chosen) {
                claimed.add(unit.counted(unit.replace(dataset, dataset.usedTimes(dataset.used() + 1)), 1, UsageKind.CLAIM));
            }
            return List.copyOf(claimed);
        });
    }

    /** The records a claim takes now: none when fewer than its minimum are eligible. */
    private List<Dataset> chosen(ClaimRequest request) {
        Instant now = unit.clock.instant();
        Predicate<Dataset> eligible = dataset -> request.admits(dataset) && LeaseHold.free(state.holds.get(dataset.id()), now);
        List<Dataset> chosen = switch (request.order()) {
            case OLDEST -> firstAdmitted(request, eligible, state.candidates(request.runId()).all());
            case NEWEST -> firstAdmitted(request, eligible, state.candidates(request.runId()).descending());
            case LEAST_USED -> leastUsed(request, eligible, state.leastUsed.inOrder(request.runId()));
            case RANDOM -> sample(request, eligible, state.candidates(request.runId()).all());
        };
        return request.enough(chosen.size()) ? chosen : List.of();
    }

    /**
     * The first eligible records in least-used order: O(taken + skipped) instead of a scan. The walk ends at the
     * first record at the claim's cap, since every record after it is used as much or more.
     */
    private static List<Dataset> leastUsed(ClaimRequest request, Predicate<Dataset> eligible, Iterable<Dataset> ordered) {
        List<Dataset> taken = new ArrayList<>();
        for (Dataset dataset : ordered) {
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

    private static List<Dataset> firstAdmitted(ClaimRequest request, Predicate<Dataset> eligible, Iterable<Dataset> ordered) {
        List<Dataset> taken = new ArrayList<>();
        for (Dataset dataset : ordered) {
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
    private static List<Dataset> sample(ClaimRequest request, Predicate<Dataset> eligible, Iterable<Dataset> candidates) {
        int count = request.count();
        List<Dataset> taken = new ArrayList<>(Math.min(count, 1024));
        int seen = 0;
        for (Dataset dataset : candidates) {
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
            for (TaskGroup group : chosen.groups()) {
                List<Dataset> members = new ArrayList<>(group.items().size());
                for (Dataset member : group.items()) {
                    members.add(unit.counted(unit.replace(member, member.usedTimes(member.used() + 1)), 1, UsageKind.GROUP_CLAIM));
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
        Iterable<Dataset> free = () -> stream(state.candidates(Optional.of(request.runId())).all())
                .filter(dataset -> LeaseHold.free(state.holds.get(dataset.id()), now)).iterator();
        return rules.select(free, request, ThreadLocalRandom.current());
    }

    private static Stream<Dataset> stream(Iterable<Dataset> records) {
        return StreamSupport.stream(records.spliterator(), false);
    }

    // ---- leases ----
    @Override
    public Leased<List<Dataset>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return unit.write(() -> {
            List<Dataset> chosen = chosen(request);
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
    private Optional<LeaseTicket> hold(List<Dataset> records, Optional<RunId> run, OptionalInt maxUsed,
                                      LeaseTerms terms) {
        if (records.isEmpty()) {
            return Optional.empty();
        }
        Instant now = unit.clock.instant();
        LeaseId id = LeaseId.of(state.nextLeaseId++);
        List<LeaseItem> items = records.stream().map(LeaseItem::held).toList();
        Lease lease = new Lease(id, run, maxUsed, unit.origin.consumer(), now, terms.expiryFrom(now), items);
        unit.putLease(lease);
        for (Dataset record : records) {
            unit.setHold(record.id(), new LeaseHold(id, lease.expiresAt()));
        }
        return Optional.of(lease.ticket());
    }
}
