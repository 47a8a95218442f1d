package dev.trajectorydatasets.domain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/**
 * A real store with a test's hand on its calls: every call on a capability port (and {@code inTransaction}) goes
 * through {@link Interceptor}, which may wait, fail or change the answer before or instead of the store's. The
 * ports of units of work and attributed views are watched the same way.
 */
public final class PortSpy {

    /** What a test does with one call: {@code proceed} runs the store's own. */
    @FunctionalInterface
    public interface Interceptor {
        Object call(String method, Object[] args, Proceed proceed) throws Throwable;
    }

    /** The store's own answer to the intercepted call. */
    @FunctionalInterface
    public interface Proceed {
        Object call() throws Throwable;
    }

    private PortSpy() {
    }

    /** {@code port}, every call going through {@code interceptor}. */
    public static DatasetPort around(DatasetPort port, Interceptor interceptor) {
        return (DatasetPort) Proxy.newProxyInstance(DatasetPort.class.getClassLoader(), new Class<?>[]{DatasetPort.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inTransaction" -> interceptor.call("inTransaction", args, () -> {
                        @SuppressWarnings("unchecked")
                        Function<DatasetPort, Object> work = (Function<DatasetPort, Object>) args[0];
                        return port.inTransaction(unit -> work.apply(around(unit, interceptor)));
                    });
                    case "attributedTo" -> around(port.attributedTo((UsageOrigin) args[0]), interceptor);
                    case "close", "hashCode", "equals", "toString" -> invoke(method, port, args);
                    default -> capability(method.getReturnType(), invoke(method, port, args), interceptor);
                });
    }

    private static Object capability(Class<?> type, Object target, Interceptor interceptor) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> interceptor.call(method.getName(), args, () -> invoke(method, target, args)));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
