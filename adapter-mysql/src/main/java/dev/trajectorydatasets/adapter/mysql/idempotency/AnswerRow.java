package dev.trajectorydatasets.adapter.mysql.idempotency;

import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;

import java.time.Instant;

/** A row read by MyBatis (public fields, set directly); not part of any API. */
public final class AnswerRow {
    public String idempotencyKey;
    public String fingerprint;
    public int status;
    public String body;
    public Instant createdAt;

    StoredAnswer answer() {
        return new StoredAnswer(IdempotencyKey.of(idempotencyKey), fingerprint, status, body == null ? "" : body, createdAt);
    }
}
