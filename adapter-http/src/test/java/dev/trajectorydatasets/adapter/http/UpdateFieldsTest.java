package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.shared.UpdateFields;
import dev.trajectorydatasets.adapter.http.shared.WireNames;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The wire form of update_dataset(**kwargs) and the wire names of the domain's fields. */
class UpdateFieldsTest {

    private static String rejected(Map<String, ?> fields) {
        return assertThrows(InvalidInputException.class, () -> UpdateFields.parse(fields)).field();
    }

    @Test
    void only_updatable_names_with_whole_numbers_or_a_run_are_accepted() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("used", 15);
        fields.put("model_version", 2L);
        fields.put("run_id", "run_beta");
        assertEquals(TrajectoryChanges.none().withUsed(15).withModelVersion(2).withRunId("run_beta"), UpdateFields.parse(fields));

        assertEquals("id", rejected(Map.of("id", 5)));
        assertEquals("usage_time", rejected(Map.of("usage_time", 5)));
        assertEquals("used", rejected(Map.of("used", "5")));
        assertEquals("used", rejected(Map.of("used", 1.5)));
        assertEquals("used", rejected(Map.of("used", 3_000_000_000L)));
        assertEquals("run_id", rejected(Map.of("run_id", 7)));

        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("run_id", null);
        assertEquals(TrajectoryChanges.none().withoutRunId(), UpdateFields.parse(clear));
    }

    @Test
    void domain_field_names_are_spelt_as_on_the_wire() {
        assertEquals("trajectory_id", WireNames.of("trajectoryId"));
        assertEquals("usage_time_min", WireNames.of("usedMin"));
        assertEquals("model_version_max", WireNames.of("modelVersionMax"));
        assertEquals("items[3].run_id", WireNames.of("items[3].runId"));
        assertEquals("usage_time_min must not exceed usage_time_max", WireNames.of("usedMin") + " " + WireNames.inText("must not exceed usedMax"));
        assertEquals("run_id", WireNames.of("run_id"));
    }
}
