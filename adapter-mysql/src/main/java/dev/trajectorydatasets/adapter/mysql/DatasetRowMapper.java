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

    @Mapping(target = "usedTimes", ignore = true) // a method of Dataset, not a property
    Dataset toDataset(DatasetRow row);

    List<Dataset> toDatasets(List<DatasetRow> rows);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "claimKey", expression = "java(ClaimKeys.next())")
    DatasetRow toRow(NewDataset dataset);

    default UsageStats toStats(StatsRow row) {
        return UsageStats.of(row.getTotalCount(), row.getSumUsed(), row.getMaxUsed(), row.getMinUsed(), row.getUniqueRuns());
    }
}
