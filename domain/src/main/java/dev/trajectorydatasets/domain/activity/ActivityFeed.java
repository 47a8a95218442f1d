package dev.trajectorydatasets.domain.activity;

import java.util.Optional;

/**
 * What may have made records eligible since a mark: what waiting claims poll.
 */
public interface ActivityFeed {

    /**
     * What happened since {@code mark} that may have made records eligible (see {@link StoreActivity}); from no mark,
     * nothing, and the mark to start from. Cheap: what a waiting claim asks a few times a second.
     */
    StoreActivity since(Optional<ActivityMark> mark);
}
