package dev.trajectorydatasets.adapter.http.backup;

import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ImportJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ImportedJson;
import dev.trajectorydatasets.adapter.http.shared.Json;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.Replies;
import dev.trajectorydatasets.adapter.http.shared.Replies.Reply;
import dev.trajectorydatasets.adapter.http.shared.RequestBodies;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.backup.BackupBatch;
import dev.trajectorydatasets.application.backup.RestoreReport;
import dev.trajectorydatasets.domain.InvalidInputException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import static dev.trajectorydatasets.adapter.http.shared.RouteParams.batch;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.eachItem;

/**
 * Backups over HTTP: a page of the backup format ({@link JsonLines}) to read, and a batch of it to restore (what
 * {@code export --url} and {@code import --url} use).
 */
public final class BackupRoutes {

    /** The response header that carries the cursor of the next export page; absent on the last. */
    public static final String NEXT_AFTER_ID = "Next-After-Id";

    private final DatasetManager datasets;

    public BackupRoutes(DatasetManager datasets) {
        this.datasets = datasets;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/v1/export", this::export),
                new Route(HandlerType.POST, "/v1/datasets/import", this::importLines));
    }

    /**
     * JSON Lines: on the first page (no {@code after_id}) the pauses and checkpoints of the run (or of every run), then
     * the page's records, each followed by its usage events.
     */
    private void export(Context ctx) throws IOException {
        QueryParams query = QueryParams.of(ctx, Set.of("run_id", "created_after", "after_id", "limit"));
        StringWriter out = new StringWriter();
        BackupExport.Written written = BackupExport.writePage(datasets, query.runId(), query.instant("created_after"), query.page(), out);
        written.nextAfterId().ifPresent(next -> ctx.header(NEXT_AFTER_ID, String.valueOf(next)));
        ctx.contentType("application/x-ndjson; charset=utf-8").result(out.toString());
    }

    /**
     * Lines as {@code export} writes them (each item one line of {@link JsonLines}), restored as they were in one unit of
     * work. {@code on_conflict}: {@code "skip"} (the default, so a re-run resumes) leaves what is stored as it is;
     * {@code "error"} refuses the whole batch.
     */
    private void importLines(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        ImportJson json = RequestBodies.json(ctx, ImportJson.class);
        boolean skip = skips(json.onConflict());
        BackupReader reader = new BackupReader();
        eachItem(batch("items", json.items()), "items", item -> {
            try {
                reader.add(JsonLines.read(Json.MAPPER.writeValueAsString(item)));
                return item;
            } catch (IOException e) {
                throw new InvalidInputException("item", "is not a line of the export format (" + JsonLines.FIELDS + ")");
            }
        });
        BackupBatch restoring = reader.take();
        Replies.send(ctx, datasets, manager -> {
            RestoreReport report = manager.restore(restoring, skip);
            return new Reply(200, new ImportedJson(report.created(), report.skipped(), report.events(), report.checkpoints(),
                    report.pauses()));
        });
    }

    private static boolean skips(String onConflict) {
        if (onConflict == null || onConflict.equals("skip")) {
            return true;
        }
        if (onConflict.equals("error")) {
            return false;
        }
        throw new InvalidInputException("on_conflict", "must be error or skip, was '" + onConflict + "'");
    }
}
