package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Finding trajectories: by id, by trajectory id, counted, or in pages of a filter that tell whether another follows. */
public final class SearchDatasets {

    private final DatasetPort port;

    public SearchDatasets(Scope scope) {
        this.port = scope.port();
    }

    public Optional<Trajectory> byId(long id) {
        return port.trajectories().findById(id);
    }

    public Optional<Trajectory> byTrajectoryId(TrajectoryId trajectoryId) {
        return port.trajectories().findByTrajectoryId(DatasetRules.required("trajectoryId", trajectoryId));
    }

    public long count(TrajectoryFilter filter) {
        return port.trajectories().count(DatasetRules.required("filter", filter));
    }

    /** Asks for one record more than the page holds (or, at the maximum page size, probes once) to tell whether another page follows. */
    public TrajectoryPage page(TrajectoryFilter filter, PageRequest page) {
        DatasetRules.required("filter", filter);
        DatasetRules.required("page", page);
        boolean roomForOneMore = page.limit() < PageRequest.MAX_LIMIT;
        List<Trajectory> found = port.trajectories().find(filter, roomForOneMore ? page.withOneMore() : page);
        if (found.size() < page.limit()) {
            return new TrajectoryPage(found, OptionalLong.empty());
        }
        List<Trajectory> items = found.subList(0, page.limit());
        long lastId = items.get(items.size() - 1).id();
        boolean more = roomForOneMore ? found.size() > page.limit() : !port.trajectories().find(filter, PageRequest.after(lastId, 1)).isEmpty();
        return new TrajectoryPage(items, more ? OptionalLong.of(lastId) : OptionalLong.empty());
    }
}
