package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetRulesTest {

    private static InvalidInputException rejected(Runnable making) {
        return assertThrows(InvalidInputException.class, making::run);
    }

    private static TrajectoryId id(String value) {
        return TrajectoryId.of(value);
    }

    @Test
    void a_trajectory_id_may_be_any_unicode_up_to_255_code_points() {
        String emoji = "🦀".repeat(255);
        assertEquals(emoji, TrajectoryId.of(emoji).value());
        assertEquals("traj 001/ü", TrajectoryId.of("traj 001/ü").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "tab\there", "new\nline", " lead", "trail ", "nul\u0000"})
    void a_bad_id_is_rejected_naming_the_field(String bad) {
        assertEquals("trajectoryId", rejected(() -> TrajectoryId.of(bad)).field());
        assertEquals("runId", rejected(() -> RunId.of(bad)).field());
    }

    @Test
    void a_missing_id_is_rejected_naming_the_field() {
        assertEquals("trajectoryId is required", rejected(() -> TrajectoryId.of(null)).getMessage());
    }

    @Test
    void a_trajectory_id_over_255_code_points_is_rejected_with_its_length() {
        InvalidInputException error = rejected(() -> TrajectoryId.of("🦀".repeat(256)));
        assertEquals("trajectoryId must be at most 255 characters, was 256", error.getMessage());
    }

    @Test
    void an_unpaired_surrogate_is_not_a_valid_id() {
        assertEquals("trajectoryId", rejected(() -> TrajectoryId.of("a\uD83Db")).field());
    }

    @Test
    void counts_are_never_negative() {
        assertEquals("used", rejected(() -> new NewTrajectory(id("t"), Optional.empty(), -1, 0, T0)).field());
        assertEquals("modelVersion", rejected(() -> new NewTrajectory(id("t"), Optional.empty(), 0, -1, T0)).field());
    }

    @Test
    void new_datasets_keep_microseconds() {
        NewTrajectory dataset = new NewTrajectory(id("t"), Optional.empty(), 0, 0, T0.plusNanos(789));
        assertEquals(T0, dataset.createdAt());
    }

    @Test
    void instants_must_lie_within_what_every_store_holds() {
        Instant justAfter = DatasetRules.LATEST.plusNanos(1_000);
        Instant justBefore = DatasetRules.EARLIEST.minusNanos(1_000);
        assertEquals("createdAfter", rejected(() -> TrajectoryFilter.all().createdAtOrAfter(justAfter)).field());
        assertEquals("createdBefore", rejected(() -> TrajectoryFilter.all().createdAtOrBefore(justBefore)).field());
        assertEquals("createdAt", rejected(() -> new NewTrajectory(id("t"), Optional.empty(), 0, 0, justAfter)).field());
        assertEquals(Optional.of(DatasetRules.LATEST), TrajectoryFilter.all().createdAtOrAfter(DatasetRules.LATEST).createdAfter());
        assertEquals(Optional.of(DatasetRules.EARLIEST), TrajectoryFilter.all().createdAtOrBefore(DatasetRules.EARLIEST).createdBefore());
    }

    @Test
    void filters_reject_crossed_and_negative_bounds() {
        assertEquals("usedMin", rejected(() -> TrajectoryFilter.all().usedAtLeast(5).usedAtMost(2)).field());
        assertEquals("usedMax", rejected(() -> TrajectoryFilter.all().usedAtMost(-1)).field());
        assertEquals("createdAfter", rejected(() -> TrajectoryFilter.all().createdAtOrAfter(T0.plusSeconds(1)).createdAtOrBefore(T0)).field());
        assertTrue(TrajectoryFilter.all().usedAtLeast(2).usedAtMost(2).matches(new Trajectory(1, id("t"), T0, 2, 0, Optional.empty())));
    }

    @Test
    void duplicates_of_a_batch_are_its_repeats_and_the_stored_ids_each_once_in_request_order() {
        TrajectoryId a = id("a");
        TrajectoryId stored = id("stored");
        TrajectoryId fresh = id("fresh");

        assertEquals(List.of(a, stored), DuplicateTrajectoryException.among(List.of(a, stored, fresh, a, stored), Set.of(stored)::contains));
        assertEquals(List.of(stored, a), DuplicateTrajectoryException.among(List.of(stored, a, a), Set.of(stored)::contains));
        assertEquals(List.of(), DuplicateTrajectoryException.among(List.of(a, fresh), Set.of(stored)::contains));
        assertTrue(DuplicateTrajectoryException.repeats(List.of(a, fresh, a)));
    }

    @Test
    void every_claim_order_but_random_has_a_reference_order() {
        for (ClaimOrder order : ClaimOrder.values()) {
            assertEquals(order != ClaimOrder.RANDOM, order.reference().isPresent(), order.name());
        }
    }

    @Test
    void pages_are_bounded() {
        assertEquals("limit", rejected(() -> PageRequest.first(0)).field());
        assertEquals("limit", rejected(() -> PageRequest.first(PageRequest.MAX_LIMIT + 1)).field());
        assertEquals("offset", rejected(() -> PageRequest.of(-1, 10)).field());
    }

    @Test
    void a_usage_limit_caps_the_sum_and_never_overflows() {
        UsageLimit limit = new UsageLimit(2, OptionalInt.of(3));
        assertTrue(limit.allows(1));
        assertTrue(!limit.allows(2));
        assertTrue(!UsageLimit.once().allows(Integer.MAX_VALUE));
        assertEquals("by", rejected(() -> UsageLimit.by(0)).field());
    }
}
