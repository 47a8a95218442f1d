package dev.trajectorydatasets.adapter.inmemory.idempotency;

import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.idempotency.AnswerStore;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Idempotency answers in memory.
 */
public final class MemoryAnswers implements AnswerStore {

    private final Unit unit;
    private final Tables state;

    public MemoryAnswers(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public Optional<StoredAnswer> reserve(IdempotencyKey key, String fingerprint, Instant at) {
        return unit.write(() -> {
            StoredAnswer stored = state.answers.get(key);
            if (stored != null) {
                return Optional.of(stored);
            }
            state.answers.put(key, new StoredAnswer(key, fingerprint, 0, "", at));
            unit.journal(() -> state.answers.remove(key));
            return Optional.empty();
        });
    }

    @Override
    public void complete(IdempotencyKey key, int status, String body) {
        unit.write(() -> {
            StoredAnswer reserved = DatasetRules.required("reservation", state.answers.get(key));
            state.answers.put(key, new StoredAnswer(key, reserved.fingerprint(), status, body, reserved.createdAt()));
            unit.journal(() -> state.answers.put(key, reserved));
            return null;
        });
    }

    @Override
    public int purge(Instant before, int limit) {
        return unit.write(() -> {
            List<IdempotencyKey> old = state.answers.values().stream().filter(a -> a.createdAt().isBefore(before))
                    .map(StoredAnswer::key).limit(limit).toList();
            old.forEach(state.answers::remove);
            return old.size();
        });
    }
}
