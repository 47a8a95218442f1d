package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageHistory;
import java.util.List;

import static dev.trajectorydatasets.adapter.mysql.SqlContext.sql;

/**
 * The usage events in SQL.
 */
final class SqlHistory implements UsageHistory {

    private final SqlContext context;
    private final UsageEventMapper usageEventMapper;

    SqlHistory(SqlContext context) {
        this.context = context;
        this.usageEventMapper = context.mapper(UsageEventMapper.class);
    }

    @Override
    @OneStatement
    public List<UsageEvent> events(UsageEventFilter filter, KeyPage<Long> page) {
        return sql(() -> usageEventMapper.usageEvents(filter, page).stream().map(OverviewRows.EventRow::event).toList());
    }
}
