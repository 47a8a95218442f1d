package dev.trajectorydatasets.adapter.mysql.idempotency;

import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.idempotency.AnswerStore;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Idempotency answers in SQL; a long answer is stored in parts.
 */
public final class SqlAnswers implements AnswerStore {

    /**
     * Characters of an answer per statement: at most 4 MB in UTF-8, a quarter of MariaDB's default
     * {@code max_allowed_packet}; a longer answer's other parts go to {@code idempotency_answer_parts}.
     */
    static final int ANSWER_PART_CHARS = 1_000_000;

    private final SqlContext context;
    private final AnswerMapper answerMapper;

    public SqlAnswers(SqlContext context) {
        this.context = context;
        this.answerMapper = context.mapper(AnswerMapper.class);
    }

    /** A duplicate of the key means a unit that held it committed (this INSERT waited for it): read its answer. */
    @Override
    public Optional<StoredAnswer> reserve(IdempotencyKey key, String fingerprint, Instant at) {
        return sql(() -> {
            try {
                answerMapper.reserveAnswer(key, fingerprint, at);
                return Optional.empty();
            } catch (RuntimeException e) {
                if (!SqlErrors.isDuplicateOf(e, SqlErrors.IDEMPOTENCY_KEY)) {
                    throw e;
                }
                StoredAnswer first = answerMapper.storedAnswer(key).answer();
                List<String> rest = answerMapper.answerParts(key);
                if (rest.isEmpty()) {
                    return Optional.of(first);
                }
                StringBuilder body = new StringBuilder(first.body());
                rest.forEach(body::append);
                return Optional.of(new StoredAnswer(first.key(), first.fingerprint(), first.status(), body.toString(), first.createdAt()));
            }
        });
    }

    @Override
    public void complete(IdempotencyKey key, int status, String body) {
        sql(() -> {
            int first = partEnd(body, 0);
            answerMapper.completeAnswer(key, status, body.substring(0, first));
            int part = 1;
            for (int start = first; start < body.length(); part++) {
                int end = partEnd(body, start);
                answerMapper.insertAnswerPart(key, part, body.substring(start, end));
                start = end;
            }
            return part;
        });
    }

    /** Where the part starting at {@code start} ends: {@link #ANSWER_PART_CHARS} on, never between a surrogate pair. */
    private static int partEnd(String body, int start) {
        int end = Math.min(body.length(), start + ANSWER_PART_CHARS);
        return end < body.length() && Character.isHighSurrogate(body.charAt(end - 1)) ? end - 1 : end;
    }

    @Override
    public int purge(Instant before, int limit) {
        return sql(() -> {
            List<String> keys = answerMapper.purgeableAnswerKeys(before, limit);
            if (keys.isEmpty()) {
                return 0;
            }
            answerMapper.deleteAnswerParts(keys);
            return answerMapper.deleteAnswers(keys);
        });
    }
}
