package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.domain.RunId;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
import java.util.List;

/** Statements on {@code run_pauses}, in PauseMapper.xml beside this interface. */
public interface PauseMapper {

    int pause(@Param("run") RunId run, @Param("since") Instant since, @Param("reason") String reason);

    int resume(@Param("run") RunId run);

    PauseRow of(@Param("run") RunId run);

    List<PauseRow> all();
}
