package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Registers trajectories, one or a whole batch (all or nothing), stamped with the clock's time. */
public final class CreateDatasets {

    private final DatasetPort port;
    private final Clock clock;
    private final Publisher publisher;

    public CreateDatasets(Scope scope) {
        this.port = scope.port();
        this.clock = scope.clock();
        this.publisher = scope.publisher();
    }

    public Trajectory createOne(CreateDatasetCommand command) {
        return created(List.of(port.trajectories().create(DatasetRules.required("dataset", command).at(clock.instant())))).get(0);
    }

    public List<Trajectory> createAll(List<CreateDatasetCommand> commands) {
        return created(port.trajectories().createAll(stamped(commands)));
    }

    /** Creates the commands whose trajectory ids are not stored; the rest are left as they are and reported. */
    public CreateReport createMissing(List<CreateDatasetCommand> commands) {
        return storeMissing(stamped(commands));
    }

    /** Imports records as an export wrote them (their times kept): all or nothing, or only those missing. */
    public CreateReport importRecords(List<NewTrajectory> records, boolean skipExisting) {
        List<NewTrajectory> batch = List.copyOf(DatasetRules.required("records", records));
        return skipExisting ? storeMissing(batch) : new CreateReport(created(port.trajectories().createAll(batch)), List.of());
    }

    private List<Trajectory> created(List<Trajectory> records) {
        publisher.publish(new Change.Created(records));
        return records;
    }

    /** Stores the records whose trajectory ids are not stored (an import: their times kept); reports the others. */
    private CreateReport storeMissing(List<NewTrajectory> records) {
        List<Trajectory> created = created(port.trajectories().createMissing(records));
        Set<TrajectoryId> made = new HashSet<>();
        created.forEach(record -> made.add(record.trajectoryId()));
        List<TrajectoryId> skipped = records.stream().map(NewTrajectory::trajectoryId).filter(id -> !made.remove(id)).toList();
        return new CreateReport(created, skipped);
    }

    private List<NewTrajectory> stamped(List<CreateDatasetCommand> commands) {
        // Truncated once, so every record of the batch shares one Instant (stores keep microseconds anyway).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return DatasetRules.required("items", commands).stream()
                .map(command -> DatasetRules.required("item", command).at(now))
                .toList();
    }
}
