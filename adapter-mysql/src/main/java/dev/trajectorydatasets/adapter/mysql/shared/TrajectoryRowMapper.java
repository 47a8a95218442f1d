package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Rows to domain values and back; a column added to one side and not the other fails the build. */
@Mapper
public interface TrajectoryRowMapper {

    TrajectoryRowMapper INSTANCE = Mappers.getMapper(TrajectoryRowMapper.class);

    @Mapping(target = "usedTimes", ignore = true) // methods of Trajectory, not properties
    @Mapping(target = "inRun", ignore = true)
    Trajectory toTrajectory(TrajectoryRow row);

    List<Trajectory> toTrajectories(List<TrajectoryRow> rows);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "claimKey", expression = "java(ClaimKeys.next())")
    TrajectoryRow toRow(NewTrajectory dataset);

    default Optional<TaskId> task(TaskId taskId) {
        return Optional.ofNullable(taskId);
    }

    default TaskId task(Optional<TaskId> taskId) {
        return taskId.isPresent() ? taskId.get() : null;
    }

    default OptionalDouble reward(Double reward) {
        return reward == null ? OptionalDouble.empty() : OptionalDouble.of(reward);
    }

    default Double reward(OptionalDouble reward) {
        return reward.isPresent() ? reward.getAsDouble() : null;
    }

    default Optional<Attributes> attributes(String json) {
        return Optional.ofNullable(json).map(Attributes::of);
    }

    default String attributes(Optional<Attributes> attributes) {
        return attributes.isPresent() ? attributes.get().json() : null;
    }

    default UsageStats toStats(StatsRow row) {
        return UsageStats.of(row.getTotalCount(), row.getSumUsed(), row.getMaxUsed(), row.getMinUsed(), row.getUniqueRuns());
    }
}
