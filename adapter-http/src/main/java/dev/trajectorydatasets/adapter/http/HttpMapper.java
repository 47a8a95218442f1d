package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.HttpMessages.BatchUpdatedJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.CreateDatasetJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.DatasetJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.PageJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.StatsJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.UseManyResultJson;
import dev.trajectorydatasets.application.BatchUpdateResult;
import dev.trajectorydatasets.application.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetPage;
import dev.trajectorydatasets.application.UsageReport;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageStats;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

import java.util.List;
import java.util.Optional;

/** Domain values to JSON bodies and request bodies to commands; a field left unmapped fails the build. */
@Mapper
interface HttpMapper {

    HttpMapper INSTANCE = Mappers.getMapper(HttpMapper.class);

    DatasetJson toJson(Dataset dataset);

    List<DatasetJson> toJson(List<Dataset> datasets);

    PageJson toJson(DatasetPage page);

    @Mapping(target = "avgUsageTime", source = "averageUsed")
    @Mapping(target = "maxUsageTime", source = "maxUsed")
    @Mapping(target = "minUsageTime", source = "minUsed")
    StatsJson toJson(UsageStats stats);

    BatchUpdatedJson toJson(BatchUpdateResult result);

    @Mapping(target = "items", source = "used")
    UseManyResultJson toJson(UsageReport report);

    default String text(TrajectoryId id) {
        return id.value();
    }

    default List<String> texts(List<TrajectoryId> ids) {
        return ids.stream().map(TrajectoryId::value).toList();
    }

    default Optional<String> text(Optional<RunId> run) {
        return run.map(RunId::value);
    }

    /** Absent {@code used} and {@code model_version} are 0; an absent or null {@code run_id} means no run. */
    default CreateDatasetCommand toCommand(CreateDatasetJson json) {
        return new CreateDatasetCommand(TrajectoryId.of(json.trajectoryId()), Optional.ofNullable(json.runId()).map(RunId::of),
                json.used() == null ? 0 : json.used(), json.modelVersion() == null ? 0 : json.modelVersion());
    }
}
