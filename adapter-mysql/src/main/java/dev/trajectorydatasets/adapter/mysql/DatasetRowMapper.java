package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.UsageStats;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

import java.util.List;

/** Rows to domain values and back; a column added to one side and not the other fails the build. */
@Mapper
interface DatasetRowMapper {

    DatasetRowMapper INSTANCE = Mappers.getMapper(DatasetRowMapper.class);

    Dataset toDataset(DatasetRow row);

    List<Dataset> toDatasets(List<DatasetRow> rows);

    @Mapping(target = "id", ignore = true)
    DatasetRow toRow(NewDataset dataset);

    default UsageStats toStats(StatsRow row) {
        return UsageStats.of(row.getTotalCount(), row.getSumUsed(), row.getMaxUsed(), row.getMinUsed(), row.getUniqueRuns());
    }
}
