package dev.trajectorydatasets.domain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

/**
 * A port whose polls never report activity: over it, only the process's own wake-ups answer a waiting claim before
 * its deadline, so a test of the notifier fails when the notifier is broken (the poll alone answers within 100 ms).
 */
public final class DeafPort {

    private DeafPort() {
    }

    /** {@code port}, with {@link DatasetPort#activitySince} reporting nothing (but moving the mark on). */
    public static DatasetPort of(DatasetPort port) {
        return (DatasetPort) Proxy.newProxyInstance(DatasetPort.class.getClassLoader(), new Class<?>[]{DatasetPort.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("activitySince")) {
                        @SuppressWarnings("unchecked")
                        Optional<ActivityMark> mark = (Optional<ActivityMark>) args[0];
                        return new StoreActivity(Set.of(), false, port.activitySince(mark).next());
                    }
                    try {
                        return method.invoke(port, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
