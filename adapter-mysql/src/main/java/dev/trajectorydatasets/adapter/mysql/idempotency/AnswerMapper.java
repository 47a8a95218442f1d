package dev.trajectorydatasets.adapter.mysql.idempotency;

import dev.trajectorydatasets.domain.IdempotencyKey;
import org.apache.ibatis.annotations.Param;

import java.time.Instant;
import java.util.List;

/**
 * The SQL of the {@code idempotency_answers} and {@code idempotency_answer_parts} tables; statements live in {@code AnswerMapper.xml} beside this interface.
 */
public interface AnswerMapper {

    int reserveAnswer(@Param("key") IdempotencyKey key, @Param("fingerprint") String fingerprint, @Param("at") Instant at);

    AnswerRow storedAnswer(@Param("key") IdempotencyKey key);

    int completeAnswer(@Param("key") IdempotencyKey key, @Param("status") int status, @Param("body") String body);

    int insertAnswerPart(@Param("key") IdempotencyKey key, @Param("part") int part, @Param("body") String body);

    List<String> answerParts(@Param("key") IdempotencyKey key);

    List<String> purgeableAnswerKeys(@Param("before") Instant before, @Param("limit") int limit);

    int deleteAnswerParts(@Param("keys") List<String> keys);

    int deleteAnswers(@Param("keys") List<String> keys);
}
