package dev.trajectorydatasets.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetRulesTest {

    private static InvalidInputException rejected(Runnable making) {
        return assertThrows(InvalidInputException.class, making::run);
    }

    @Test
    void a_trajectory_id_may_be_any_unicode_up_to_255_code_points() {
        String emoji = "🦀".repeat(255);
        assertEquals(emoji, DatasetRules.trajectoryId(emoji));
        assertEquals("traj 001/ü", DatasetRules.trajectoryId("traj 001/ü"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "tab\there", "new\nline", " lead", "trail ", "nul\u0000"})
    void a_bad_trajectory_id_is_rejected_naming_the_field(String bad) {
        InvalidInputException error = rejected(() -> DatasetRules.trajectoryId(bad));
        assertEquals("trajectory_id", error.field());
    }

    @Test
    void a_trajectory_id_over_255_code_points_is_rejected_with_its_length() {
        InvalidInputException error = rejected(() -> DatasetRules.trajectoryId("🦀".repeat(256)));
        assertEquals("trajectory_id must be at most 255 characters, was 256", error.getMessage());
    }

    @Test
    void an_unpaired_surrogate_is_not_a_valid_id() {
        assertEquals("trajectory_id", rejected(() -> DatasetRules.trajectoryId("a\uD83Db")).field());
    }

    @Test
    void counts_are_never_negative() {
        assertEquals("used", rejected(() -> new NewDataset("t", Optional.empty(), -1, 0, T0)).field());
        assertEquals("model_version", rejected(() -> new NewDataset("t", Optional.empty(), 0, -1, T0)).field());
        assertEquals("run_id", rejected(() -> new NewDataset("t", Optional.of(" "), 0, 0, T0)).field());
    }

    @Test
    void new_datasets_keep_microseconds() {
        NewDataset dataset = new NewDataset("t", Optional.empty(), 0, 0, T0.plusNanos(789));
        assertEquals(T0, dataset.createdAt());
    }

    @Test
    void changes_from_fields_accept_only_updatable_names() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("used", 15);
        fields.put("model_version", 2L);
        fields.put("run_id", "run_beta");
        assertEquals(DatasetChanges.none().withUsed(15).withModelVersion(2).withRunId("run_beta"), DatasetChanges.fromFields(fields));

        assertEquals("id", rejected(() -> DatasetChanges.fromFields(Map.of("id", 5))).field());
        assertEquals("usage_time", rejected(() -> DatasetChanges.fromFields(Map.of("usage_time", 5))).field());
        assertEquals("used", rejected(() -> DatasetChanges.fromFields(Map.of("used", "5"))).field());
        assertEquals("used", rejected(() -> DatasetChanges.fromFields(Map.of("used", 1.5))).field());
        assertEquals("used", rejected(() -> DatasetChanges.fromFields(Map.of("used", 3_000_000_000L))).field());
        assertEquals("run_id", rejected(() -> DatasetChanges.fromFields(Map.of("run_id", 7))).field());

        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("run_id", null);
        assertEquals(DatasetChanges.none().withoutRunId(), DatasetChanges.fromFields(clear));
    }

    @Test
    void filters_reject_crossed_and_negative_bounds() {
        assertEquals("usage_time_min", rejected(() -> DatasetFilter.all().usedAtLeast(5).usedAtMost(2)).field());
        assertEquals("usage_time_max", rejected(() -> DatasetFilter.all().usedAtMost(-1)).field());
        assertEquals("created_after", rejected(() -> DatasetFilter.all().createdAtOrAfter(T0.plusSeconds(1)).createdAtOrBefore(T0)).field());
        assertTrue(DatasetFilter.all().usedAtLeast(2).usedAtMost(2).matches(new Dataset(1, "t", T0, 2, 0, Optional.empty())));
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
