package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
import java.util.List;

/**
 * The SQL of claims on the {@code datasets} table: the candidate rows of each claim order, locked, and the conditional writes of a retried claim; statements live in {@code ClaimMapper.xml} beside this interface.
 */
public interface ClaimMapper {

    List<TrajectoryRow> claimLeastUsed(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                    @Param("now") Instant now);

    List<TrajectoryRow> claimWindow(@Param("request") ClaimRequest request, @Param("order") String order, @Param("limit") int limit,
                                 @Param("now") Instant now);

    List<TrajectoryRow> lockClaimable(@Param("request") ClaimRequest request, @Param("ids") List<Long> ids, @Param("limit") int limit,
                                   @Param("now") Instant now);

    List<TrajectoryRow> claimOldest(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("now") Instant now);

    List<TrajectoryRow> claimNewest(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("now") Instant now);

    /** Claimable rows by {@code claim_key} from {@code pivot} up ({@code above}) or below it. */
    List<TrajectoryRow> claimRandom(@Param("request") ClaimRequest request, @Param("limit") int limit, @Param("skipLocked") boolean skipLocked,
                                 @Param("pivot") int pivot, @Param("above") boolean above, @Param("now") Instant now);

    int incrementIfUnchanged(@Param("id") long id, @Param("expectedUsed") int expectedUsed, @Param("request") ClaimRequest request,
                             @Param("now") Instant now);

    /** Holds a row for a lease only if nothing changed it since it was read and it is still claimable. */
    int holdIfUnchanged(@Param("id") long id, @Param("expectedUsed") int expectedUsed, @Param("request") ClaimRequest request,
                        @Param("now") Instant now, @Param("leaseId") long leaseId, @Param("until") Instant until);
}
