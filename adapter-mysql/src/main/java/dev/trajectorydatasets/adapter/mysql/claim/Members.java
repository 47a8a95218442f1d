package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskStanding;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a group claim reads of a run's members and locks: the rows of {@code datasets} for the default consumer group
 * ({@link GroupMapper}), a group's rows joined to them for any other ({@link ConsumerGroupMembers}).
 */
public interface Members {

    /**
     * The next {@code limit} eligible entries after {@code after}: of one value of {@code used} and one model version
     * when {@code usedValue} is given, else of all members. {@code usedValues}: the values below {@code maxUsed}
     * when few ({@link GroupClaims#usedValues}), else null.
     */
    List<Candidate> walk(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                                      @Param("usedValue") Integer usedValue, @Param("version") Integer version,
                                      @Param("after") TaskStanding after, @Param("descending") boolean descending,
                                      @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                      @Param("now") Instant now);

    List<TaskId> eligibleTaskIds(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                                 @Param("now") Instant now);

    List<TrajectoryRow> lockGroups(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                                @Param("tasks") List<TaskId> tasks, @Param("limit") int limit, @Param("now") Instant now);

    List<TrajectoryRow> lockGroup(@Param("run") RunId run, @Param("rules") GroupRules rules, @Param("usedValues") List<Integer> usedValues,
                               @Param("task") TaskId task, @Param("positive") Boolean positive, @Param("limit") int limit,
                               @Param("skipLocked") boolean skipLocked, @Param("now") Instant now);

    List<MemberTally> memberTallies(@Param("run") RunId run, @Param("rules") GroupRules rules,
                                                 @Param("usedValues") List<Integer> usedValues, @Param("tasks") Collection<TaskId> tasks,
                                                 @Param("now") Instant now);

    List<Integer> latestVersions(@Param("run") RunId run, @Param("limit") int limit);

    Integer nextUsedValue(@Param("run") RunId run, @Param("after") int after, @Param("maxUsed") int maxUsed);

    Integer nextModelVersion(@Param("run") RunId run, @Param("used") int used, @Param("after") int after);
}
