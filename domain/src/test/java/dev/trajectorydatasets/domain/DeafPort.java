package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.activity.StoreActivity;
import java.util.Set;

/**
 * A port whose polls never report activity: over it, only the process's own wake-ups answer a waiting claim before
 * its deadline, so a test of the notifier fails when the notifier is broken (the poll alone answers within 100 ms).
 */
public final class DeafPort {

    private DeafPort() {
    }

    /** {@code port}, with {@link ActivityFeed#since} reporting nothing (but moving the mark on). */
    public static DatasetPort of(DatasetPort port) {
        return PortSpy.around(port, (method, args, proceed) -> {
            Object answer = proceed.call();
            return answer instanceof StoreActivity activity ? new StoreActivity(Set.of(), false, activity.next()) : answer;
        });
    }
}
