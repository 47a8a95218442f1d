package dev.trajectorydatasets.adapter.mysql.lease;

import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.lease.LeaseItem;
import dev.trajectorydatasets.domain.lease.LeaseItemState;

import java.util.ArrayList;
import java.util.List;

/**
 * A lease's rows as the text of its {@code items} column: one line per row, in the order taken, of its record id,
 * its {@code used} when taken, its state's initial and its trajectory id, separated by tabs. Trajectory ids hold no
 * control character, so a tab or a line break can never be part of one. One column rather than a row per item: a
 * lease is written once when made and once per settlement, whatever its size.
 */
public final class LeaseItemsText {

    private LeaseItemsText() {
    }

    public static String encode(List<LeaseItem> items) {
        StringBuilder text = new StringBuilder(items.size() * 48);
        for (LeaseItem item : items) {
            text.append(item.datasetId()).append('\t').append(item.usedAtLease()).append('\t')
                    .append(item.state().name().charAt(0)).append('\t').append(item.trajectoryId().value()).append('\n');
        }
        return text.toString();
    }

    static List<LeaseItem> decode(String text) {
        List<LeaseItem> items = new ArrayList<>();
        int line = 0;
        while (line < text.length()) {
            int end = text.indexOf('\n', line);
            int first = text.indexOf('\t', line);
            int second = text.indexOf('\t', first + 1);
            int third = text.indexOf('\t', second + 1);
            items.add(new LeaseItem(Long.parseLong(text, line, first, 10), TrajectoryId.of(text.substring(third + 1, end)),
                    Integer.parseInt(text, first + 1, second, 10), state(text.charAt(second + 1))));
            line = end + 1;
        }
        return items;
    }

    private static LeaseItemState state(char initial) {
        for (LeaseItemState state : LeaseItemState.values()) {
            if (state.name().charAt(0) == initial) {
                return state;
            }
        }
        throw new IllegalStateException("unknown lease item state '" + initial + "'");
    }
}
