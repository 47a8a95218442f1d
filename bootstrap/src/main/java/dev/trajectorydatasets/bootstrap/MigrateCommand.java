package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MigrationPlan;
import dev.trajectorydatasets.adapter.mysql.SchemaRefusedException;
import dev.trajectorydatasets.embedded.OpenedStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code migrate}: creates or updates the schema of the configured store and exits; converts the guide's
 * {@code datasets} table in place when that is what the database holds. {@code --dry-run} prints the plan.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create or update the schema of the configured store, then exit.",
                "A database holding the guide's datasets table is converted in place (rows, ids and counts kept);"
                        + " rows the conversion would break stop it before anything changes (exit status 3)."})
final class MigrateCommand extends Cli.CliCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "print what would be done, change nothing")
    boolean dryRun;

    @Mixin
    Cli.StoreOptions store;

    MigrateCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() {
        try (OpenedStore opened = settings(store.flags()).storeChoice().open(pool -> {
        })) {
            Optional<MigrationPlan> plan = opened.migrationPlan();
            if (dryRun) {
                cli.out().println(plan.map(p -> "store " + opened.description() + " holds " + (p.found().isEmpty() ? "no tables"
                        : p.found()) + " (" + p.kind().name().toLowerCase(Locale.ROOT) + "); migrate would:\n"
                        + p.report().stripTrailing()).orElse("store " + opened.description() + ": in memory, nothing to migrate"));
                return plan.map(p -> p.canProceed() ? 0 : Cli.STOPPED).orElse(0);
            }
            try {
                opened.migrate(step -> cli.err().println(step));
            } catch (SchemaRefusedException refused) {
                cli.err().println("error: " + refused.getMessage());
                return Cli.STOPPED;
            }
            cli.out().println(plan.map(p -> p.kind() == MigrationPlan.Kind.GUIDE ? "converted the guide's datasets table; "
                    : p.kind() == MigrationPlan.Kind.MODULE ? "adopted the dart-gui module's tables (left as they are); " : "")
                    .orElse("") + "schema is up to date");
            return 0;
        }
    }
}
