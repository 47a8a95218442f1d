package dev.trajectorydatasets.adapter.http.claim;

import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import dev.trajectorydatasets.adapter.http.shared.HttpMapper;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ClaimJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ConsumerReleasedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ExtendJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.GroupClaimJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.LeaseLostJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.LeasePageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.SettleJson;
import dev.trajectorydatasets.adapter.http.shared.Problems;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.Replies.Reply;
import dev.trajectorydatasets.adapter.http.shared.Replies;
import dev.trajectorydatasets.adapter.http.shared.RequestBodies;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.adapter.http.shared.RouteParams;
import dev.trajectorydatasets.adapter.http.shared.WireEnums;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.lease.LeasesReleased;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseState;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Claims, group claims and leases: {@code POST /v1/claims} and {@code /v1/group-claims} (counting, or with
 * {@code lease_seconds} leasing, and with {@code wait_ms} waiting for enough data), and {@code /v1/leases/{lease_id}}
 * with its {@code ack}, {@code release} and {@code extend}.
 */
public final class ClaimRoutes {

    private static final String CLAIMS = "/v1/claims";
    private static final String GROUP_CLAIMS = "/v1/group-claims";

    /** Longest a claim may wait for data. */
    static final int MAX_WAIT_MS = 30_000;

    private static final HttpMapper MAP = HttpMapper.INSTANCE;

    private final DatasetManager datasets;
    private final Clock clock;

    public ClaimRoutes(DatasetManager datasets, Clock clock) {
        this.datasets = datasets;
        this.clock = clock;
    }

    /** Whether {@code route} takes records for training (a claim or a group claim): admission queues these after the rest. */
    public static boolean isClaim(Route route) {
        return route.method() == HandlerType.POST && (route.path().equals(CLAIMS) || route.path().equals(GROUP_CLAIMS));
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, CLAIMS, this::claim),
                new Route(HandlerType.POST, GROUP_CLAIMS, this::claimGroups),
                new Route(HandlerType.GET, "/v1/leases", this::leases),
                new Route(HandlerType.POST, "/v1/consumers/{consumer}/release", this::releaseConsumer),
                new Route(HandlerType.GET, "/v1/leases/{lease_id}", this::lease),
                new Route(HandlerType.POST, "/v1/leases/{lease_id}/ack", this::acknowledge),
                new Route(HandlerType.POST, "/v1/leases/{lease_id}/release", this::release),
                new Route(HandlerType.POST, "/v1/leases/{lease_id}/extend", this::extend));
    }

    private void claim(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        ClaimJson json = RequestBodies.json(ctx, ClaimJson.class);
        if (json.count() == null) {
            throw new InvalidInputException("count", "is required");
        }
        ClaimRequest request = new ClaimRequest(json.count(), Optional.ofNullable(json.runId()).map(RunId::of),
                optional(json.maxUsed()), optional(json.modelVersionMin()),
                json.order() == null ? ClaimRequest.DEFAULT_ORDER : WireEnums.parse("order", ClaimOrder.class, json.order()),
                json.minCount() == null ? 1 : json.minCount());
        Optional<LeaseTerms> lease = terms(json.leaseSeconds());
        Optional<String> consumer = Optional.ofNullable(json.consumer());
        ConsumerGroup group = RouteParams.group(json.consumerGroup());
        Optional<LeaseId> acknowledge = acknowledged(json.acknowledgeLeaseId());
        Duration wait = waitOf(json.waitMs());
        Optional<LeaseSettlement> settlement = acknowledgeFirst(consumer, acknowledge);
        Replies.sendWhenReady(ctx, datasets, request.runId(), wait, manager -> {
            DatasetManager by = manager.consumedBy(consumer).inGroup(group);
            if (lease.isPresent()) {
                Leased<List<Trajectory>> leased = by.leaseTrajectories(request, lease.get());
                return new Reply(200, MAP.toJson(leased.taken(), leased.lease(), settlement, pauseIf(leased.taken().isEmpty(), by, request.runId())),
                        leased.taken().isEmpty(), leased.lease());
            }
            List<Trajectory> taken = by.claimTrajectories(request);
            return new Reply(200, MAP.toJson(taken, Optional.empty(), settlement, pauseIf(taken.isEmpty(), by, request.runId())), taken.isEmpty());
        });
    }

    private void claimGroups(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        GroupClaimJson json = RequestBodies.json(ctx, GroupClaimJson.class);
        GroupClaimRequest request = GroupRequests.claim(json);
        Optional<LeaseTerms> lease = terms(json.leaseSeconds());
        Optional<String> consumer = Optional.ofNullable(json.consumer());
        ConsumerGroup group = RouteParams.group(json.consumerGroup());
        Optional<LeaseId> acknowledge = acknowledged(json.acknowledgeLeaseId());
        Duration wait = waitOf(json.waitMs());
        Optional<LeaseSettlement> settlement = acknowledgeFirst(consumer, acknowledge);
        Replies.sendWhenReady(ctx, datasets, Optional.of(request.runId()), wait, manager -> {
            DatasetManager by = manager.consumedBy(consumer).inGroup(group);
            if (lease.isPresent()) {
                Leased<GroupClaim> leased = by.leaseGroups(request, lease.get());
                boolean none = leased.taken().groups().isEmpty();
                return new Reply(200, MAP.toJson(leased.taken(), leased.lease(), settlement, pauseIf(none, by, Optional.of(request.runId()))),
                        none, leased.lease());
            }
            GroupClaim claim = by.claimGroups(request);
            boolean none = claim.groups().isEmpty();
            return new Reply(200, MAP.toJson(claim, Optional.empty(), settlement, pauseIf(none, by, Optional.of(request.runId()))), none);
        });
    }

    /** Why a claim that took nothing took nothing, when it is because its run is paused. */
    private static Optional<RunPause> pauseIf(boolean tookNothing, DatasetManager manager, Optional<RunId> run) {
        return tookNothing && run.isPresent() ? manager.getPause(run.get()) : Optional.empty();
    }

    /**
     * The previous step's lease, acknowledged (as {@code POST .../ack} would; rows it could not count are listed, not
     * an error) and committed before the claim runs or waits: what was trained is counted even if the claim then
     * waits, fails or its client goes away, and its rows cannot be served again while the claim waits. Acknowledging
     * again (a retried request) changes nothing and reports the rows unchanged.
     */
    private Optional<LeaseSettlement> acknowledgeFirst(Optional<String> consumer, Optional<LeaseId> lease) {
        return lease.map(id -> datasets.consumedBy(consumer).acknowledgeLease(id, Optional.empty()));
    }

    private static Optional<LeaseId> acknowledged(Long leaseId) {
        if (leaseId == null) {
            return Optional.empty();
        }
        if (leaseId < 1) {
            throw new InvalidInputException("acknowledge_lease_id", "must be a positive lease id, was " + leaseId);
        }
        return Optional.of(LeaseId.of(leaseId));
    }

    private void lease(Context ctx) {
        QueryParams.of(ctx, Set.of());
        LeaseId id = leaseParam(ctx);
        ctx.json(MAP.toJson(datasets.getLease(id).orElseThrow(() -> HttpFailure.notFound("lease " + id + " does not exist")),
                clock.instant()));
    }

    /** A consumer's leases, by id: {@code state} held (default), settled, expired, running (held or settled) or all. */
    private void leases(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("consumer", "state", "limit", "after_lease_id"));
        String consumer = query.text("consumer").orElseThrow(() -> new InvalidInputException("consumer", "is required"));
        Set<LeaseState> states = switch (query.text("state").orElse("held")) {
            case "held" -> Set.of(LeaseState.HELD);
            case "settled" -> Set.of(LeaseState.SETTLED);
            case "expired" -> Set.of(LeaseState.EXPIRED);
            case "running" -> Set.of(LeaseState.HELD, LeaseState.SETTLED);
            case "all" -> Set.of(LeaseState.values());
            default -> throw new InvalidInputException("state", "must be one of held, settled, expired, running, all, was '"
                    + query.text("state").orElse("") + "'");
        };
        OptionalLong after = query.longValue("after_lease_id");
        KeyPage<LeaseId> page = new KeyPage<>(after.isPresent() ? Optional.of(LeaseId.of(after.getAsLong())) : Optional.empty(),
                query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<Lease, LeaseId> found = datasets.getLeases(consumer, states, page);
        Instant now = clock.instant();
        ctx.json(new LeasePageJson(found.items().stream().map(lease -> MAP.toJson(lease, now)).toList(),
                found.next().map(LeaseId::value)));
    }

    /** Gives back every row the consumer's running leases hold: a restarted trainer frees its predecessor's steps. */
    private void releaseConsumer(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        String consumer = ctx.pathParam("consumer");
        UsageOrigin.consumer(consumer);
        Replies.send(ctx, datasets, manager -> {
            LeasesReleased released = manager.releaseLeasesOf(consumer);
            return new Reply(200, new ConsumerReleasedJson(consumer, released.leases(), released.rows()));
        });
    }

    /** 200 when every asked row was counted (or was before); 409 {@code lease_expired} naming the rows that could not be. */
    private void acknowledge(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        LeaseId id = leaseParam(ctx);
        Optional<List<TrajectoryId>> only = rows(ctx);
        Replies.send(ctx, datasets, manager -> {
            LeaseSettlement settlement = manager.acknowledgeLease(id, only);
            if (settlement.lost().isEmpty()) {
                return new Reply(200, MAP.toJson(settlement));
            }
            var settled = MAP.toJson(settlement);
            return new Reply(409, new LeaseLostJson("about:blank", Problems.title(409), 409, settlement.lost().size()
                    + " of the rows could not be acknowledged: the lease expired and another claim took them or a write changed "
                    + "their use since, they reached their cap, or they were deleted (listed in lost); the others were", "lease_expired", settled.leaseId(), settled.items(), settled.unchanged(), settled.lost()));
        });
    }

    private void release(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        LeaseId id = leaseParam(ctx);
        Optional<List<TrajectoryId>> only = rows(ctx);
        Replies.send(ctx, datasets, manager -> new Reply(200, MAP.toJson(manager.releaseLease(id, only))));
    }

    private void extend(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        LeaseId id = leaseParam(ctx);
        ExtendJson json = RequestBodies.json(ctx, ExtendJson.class);
        LeaseTerms terms = terms(json.leaseSeconds()).orElseThrow(() -> new InvalidInputException("lease_seconds", "is required"));
        Replies.send(ctx, datasets, manager -> new Reply(200, MAP.toJson(manager.extendLease(id, terms), clock.instant())));
    }

    /** The body's {@code trajectory_ids}, when there is a body and it names some. */
    private static Optional<List<TrajectoryId>> rows(Context ctx) throws IOException {
        if (RequestBodies.read(ctx).length == 0) {
            return Optional.empty();
        }
        SettleJson json = RequestBodies.json(ctx, SettleJson.class);
        if (json.trajectoryIds() == null) {
            return Optional.empty();
        }
        if (json.trajectoryIds().size() > RouteParams.MAX_BATCH) {
            throw new InvalidInputException("trajectory_ids", "must hold at most " + RouteParams.MAX_BATCH + " entries, held "
                    + json.trajectoryIds().size());
        }
        return Optional.of(RouteParams.eachItem(json.trajectoryIds(), "trajectory_ids", TrajectoryId::of));
    }

    private static Optional<LeaseTerms> terms(Integer seconds) {
        return seconds == null ? Optional.empty() : Optional.of(LeaseTerms.seconds(seconds));
    }

    private static Duration waitOf(Integer waitMs) {
        if (waitMs == null) {
            return Duration.ZERO;
        }
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw new InvalidInputException("wait_ms", "must be between 0 and " + MAX_WAIT_MS + ", was " + waitMs);
        }
        return Duration.ofMillis(waitMs);
    }

    private static LeaseId leaseParam(Context ctx) {
        return LeaseId.parse(ctx.pathParam("lease_id"));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
