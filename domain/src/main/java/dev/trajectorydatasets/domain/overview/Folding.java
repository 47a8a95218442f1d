package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * One run of a query's {@link Collector} over trajectories fed one at a time, as a store reads them: the state the
 * query keeps is all it holds, however many trajectories the run has.
 *
 * @param <R> the query's answer
 */
public final class Folding<R> {

    private final Object state;
    private final BiConsumer<Object, Trajectory> add;
    private final Function<Object, R> finish;

    private Folding(Object state, BiConsumer<Object, Trajectory> add, Function<Object, R> finish) {
        this.state = state;
        this.add = add;
        this.finish = finish;
    }

    /** A fresh fold of {@code query}. */
    public static <R> Folding<R> of(Collector<Trajectory, ?, R> query) {
        return typed(query);
    }

    @SuppressWarnings("unchecked")
    private static <A, R> Folding<R> typed(Collector<Trajectory, A, R> query) {
        BiConsumer<A, Trajectory> accumulator = query.accumulator();
        Function<A, R> finisher = query.finisher();
        return new Folding<>(query.supplier().get(), (state, t) -> accumulator.accept((A) state, t), state -> finisher.apply((A) state));
    }

    /** Feeds one trajectory. */
    public void add(Trajectory trajectory) {
        add.accept(state, trajectory);
    }

    /** The answer over what was fed. */
    public R result() {
        return finish.apply(state);
    }
}
