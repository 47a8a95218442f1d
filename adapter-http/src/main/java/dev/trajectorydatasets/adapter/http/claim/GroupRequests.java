package dev.trajectorydatasets.adapter.http.claim;

import dev.trajectorydatasets.adapter.http.shared.HttpMessages.GroupClaimJson;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.WireEnums;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.claim.TaskOrder;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Group-claim rules from a request body ({@code POST /v1/group-claims}) or from query parameters (the task
 * overview): one reading of the defaults for both. {@code max_used} defaults to 1 (never used), {@code min_groups}
 * to 1, {@code max_groups} to {@code min_groups}, {@code order} to {@code oldest_task}.
 */
public final class GroupRequests {

    private GroupRequests() {
    }

    static GroupClaimRequest claim(GroupClaimJson json) {
        if (json.runId() == null) {
            throw new InvalidInputException("run_id", "is required");
        }
        if (json.groupSize() == null) {
            throw new InvalidInputException("group_size", "is required");
        }
        RunId run = RunId.of(json.runId());
        GroupCriteria criteria = criteria(json.groupSize(), Optional.ofNullable(json.maxUsed()), optional(json.modelVersionMin()),
                optional(json.latestCheckpoints()), optional(json.meanRewardMin()), optional(json.meanRewardMaxExclusive()),
                Boolean.TRUE.equals(json.mixedRewards()));
        int minGroups = json.minGroups() == null ? 1 : json.minGroups();
        int maxGroups = json.maxGroups() == null ? minGroups : json.maxGroups();
        TaskOrder order = json.order() == null ? GroupClaimRequest.DEFAULT_ORDER : WireEnums.parse("order", TaskOrder.class, json.order());
        return new GroupClaimRequest(run, criteria, minGroups, maxGroups, order);
    }

    /** The task overview's rules: {@code group_size} defaults to 1 there (every task with an eligible member). */
    public static GroupCriteria criteria(QueryParams query) {
        return criteria(query.integer("group_size").orElse(1), query.integer("max_used"),
                optional(query.integer("model_version_min").orElse(null)), optional(query.integer("latest_checkpoints").orElse(null)),
                query.decimal("mean_reward_min"), query.decimal("mean_reward_max_exclusive"),
                query.bool("mixed_rewards").orElse(false));
    }

    private static GroupCriteria criteria(int groupSize, Optional<Integer> maxUsed, OptionalInt modelVersionMin,
                                          OptionalInt latestCheckpoints, OptionalDouble meanRewardMin,
                                          OptionalDouble meanRewardMaxExclusive, boolean mixedRewards) {
        return new GroupCriteria(groupSize, maxUsed.orElse(GroupCriteria.DEFAULT_MAX_USED), modelVersionMin, latestCheckpoints,
                meanRewardMin, meanRewardMaxExclusive, mixedRewards);
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
