package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON bodies of the API. Field names are snake_case on the wire (the mapper's naming strategy); request
 * fields are boxed so that an absent field can take its default, and unknown fields are rejected.
 */
final class HttpMessages {

    private HttpMessages() {
    }

    /** A stored record. */
    record DatasetJson(long id, String trajectoryId, Optional<String> runId, int used, int modelVersion,
                       Instant createdAt) {
    }

    record CreateDatasetJson(String trajectoryId, String runId, Integer used, Integer modelVersion) {
    }

    record BatchCreateJson(List<CreateDatasetJson> items) {
    }

    record BatchCreatedJson(int created, List<DatasetJson> items) {
    }

    record PageJson(List<DatasetJson> items, OptionalLong nextAfterId) {
    }

    record CountJson(long count) {
    }

    record StatsJson(long totalCount, double avgUsageTime, int maxUsageTime, int minUsageTime, long uniqueRuns) {
    }

    /** Items are kept as field maps: {@code run_id: null} (clear it) must differ from an absent {@code run_id}. */
    record BatchUpdateJson(List<Map<String, Object>> items) {
    }

    record BatchUpdatedJson(int updated, List<String> notFound) {
    }

    record DeletedJson(int deleted) {
    }

    record UseJson(Integer by, Integer maxUsed) {
    }

    record UseManyJson(List<String> trajectoryIds, Integer by, Integer maxUsed) {
    }

    record UseManyResultJson(List<DatasetJson> items, List<String> notFound, List<String> atLimit) {
    }

    record ClaimJson(Integer count, String runId, Integer maxUsed, Integer modelVersionMin, String order) {
    }

    record ClaimedJson(List<DatasetJson> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record HealthJson(String status, Optional<String> store, Optional<String> version) {
    }

    /** RFC 9457 problem details, plus a stable {@code code} and the offending field or trajectory ids. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Problem(String type, String title, int status, String detail, String code, Optional<String> field,
                   Optional<List<String>> trajectoryIds) {
    }
}
