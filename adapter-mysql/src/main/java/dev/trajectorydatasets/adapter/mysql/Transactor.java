package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.adapter.mysql.claim.ClaimLocking;
import dev.trajectorydatasets.adapter.mysql.shared.Dialect;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.UsageOrigin;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs units of work on sessions of their own: single statements in auto-commit, the rest in one transaction. A unit
 * the database rolls back to break a deadlock (or after a lock wait timeout, or that a multi-primary cluster such as
 * Galera refused at commit because another node changed the same rows) runs again after a short random wait, up to
 * {@value #ATTEMPTS} times and while less than {@link #RETRY_BUDGET} has passed, then fails with
 * {@link StoreBusyException}.
 */
public final class Transactor {

    static final int ATTEMPTS = 12;
    /** A retried claim picks its rows among at most this many times as many candidates (see {@link SqlContext#spread}). */
    static final int MAX_SPREAD = 16;
    /** No new attempt starts after this long: lock wait timeouts (5 s each) stop retrying sooner than deadlocks. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(15);

    private final SqlSessionFactory sessions;
    private final ClaimLocking claims;
    private final Dialect dialect;
    private final UsageOrigin origin;
    private final Clock clock;

    Transactor(SqlSessionFactory sessions, ClaimLocking claims, Dialect dialect, UsageOrigin origin, Clock clock) {
        this.sessions = sessions;
        this.claims = claims;
        this.dialect = dialect;
        this.origin = origin;
        this.clock = clock;
    }

    Transactor attributedTo(UsageOrigin given) {
        return new Transactor(sessions, claims, dialect, given, clock);
    }

    Transactor withClock(Clock other) {
        return new Transactor(sessions, claims, dialect, origin, other);
    }

    /**
     * The capability {@code port} where each call is a unit of its own: {@code pick} finds the capability on the
     * unit; {@code implementation}'s {@link OneStatement} methods run in auto-commit, the others in a transaction.
     */
    <C> C port(Class<C> port, Class<? extends C> implementation, Function<SqlUnit, C> pick) {
        Set<Method> oneStatement = ONE_STATEMENT.computeIfAbsent(implementation, type -> oneStatementMethods(port, type));
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[]{port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(this, args);
            }
            return run(oneStatement.contains(method), unit -> {
                try {
                    return method.invoke(pick.apply(unit), args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
        }));
    }

    /** Per implementation class, the port methods it marks {@link OneStatement}: read once, not per call. */
    private static final Map<Class<?>, Set<Method>> ONE_STATEMENT = new ConcurrentHashMap<>();

    private static Set<Method> oneStatementMethods(Class<?> port, Class<?> implementation) {
        Set<Method> oneStatement = new HashSet<>();
        for (Method method : port.getMethods()) {
            try {
                if (implementation.getMethod(method.getName(), method.getParameterTypes()).isAnnotationPresent(OneStatement.class)) {
                    oneStatement.add(method);
                }
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(implementation + " does not implement " + method, e);
            }
        }
        return Set.copyOf(oneStatement);
    }

    <T> T statement(Function<SqlUnit, T> work) {
        return run(true, work);
    }

    <T> T transaction(Function<SqlUnit, T> work) {
        return run(false, work);
    }

    private <T> T run(boolean autoCommit, Function<SqlUnit, T> work) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return once(autoCommit, work, attempt == 1 ? 1 : Math.min(MAX_SPREAD, 1 << (attempt - 1)));
            } catch (StoreBusyException busy) {
                if (attempt == ATTEMPTS || System.nanoTime() - started > RETRY_BUDGET.toNanos()) {
                    throw busy;
                }
                // Random waits, growing: two victims of one deadlock rarely meet again.
                long bound = Math.min(200, 5L << attempt);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, bound) * 1_000_000L);
            }
        }
    }

    private <T> T once(boolean autoCommit, Function<SqlUnit, T> work, int spread) {
        try (SqlSession session = sessions.openSession(autoCommit)) {
            try {
                T result = work.apply(new SqlUnit(new SqlContext(session, dialect, origin, clock, spread), claims));
                if (!autoCommit) {
                    session.commit(true);
                }
                return result;
            } catch (RuntimeException | Error e) {
                if (!autoCommit) {
                    rollbackQuietly(session, e);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(SqlSession session, Throwable failure) {
        try {
            session.rollback(true);
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
