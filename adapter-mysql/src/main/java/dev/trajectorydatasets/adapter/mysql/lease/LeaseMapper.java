package dev.trajectorydatasets.adapter.mysql.lease;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.RunActivity;
import dev.trajectorydatasets.domain.RunId;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of the {@code leases} table (the holds on rows are written in {@link BulkStatements}); statements live in {@code LeaseMapper.xml} beside this interface.
 */
public interface LeaseMapper {

    int insertLease(LeaseRow lease);

    LeaseRow lockLease(@Param("id") long id);

    LeaseRow findLease(@Param("id") long id);

    /** A consumer's leases by id after {@code afterId}; only those running out after {@code runningAt} unless null. */
    List<LeaseRow> leasesOf(@Param("consumer") String consumer, @Param("afterId") long afterId,
                                         @Param("limit") int limit, @Param("runningAt") Instant runningAt);

    /** Writes the lease's rows and, when given, when it last gave rows back. */
    int writeItems(@Param("id") long id, @Param("items") String items, @Param("freedAt") Instant freedAt);

    int expireAt(@Param("id") long id, @Param("expiresAt") Instant expiresAt);

    List<RunActivity> runsOfEndedLeases(@Param("from") Instant from, @Param("to") Instant to);

    List<Long> expiredLeaseIds(@Param("before") Instant before, @Param("limit") int limit);

    int deleteLeases(@Param("ids") Collection<Long> ids);

    int deleteOfRun(@Param("run") RunId run);
}
