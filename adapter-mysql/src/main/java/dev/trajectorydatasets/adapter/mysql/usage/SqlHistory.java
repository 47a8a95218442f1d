package dev.trajectorydatasets.adapter.mysql.usage;

import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageHistory;

import java.util.List;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * The usage events in SQL.
 */
public final class SqlHistory implements UsageHistory {

    private final SqlContext context;
    private final UsageEventMapper usageEventMapper;

    public SqlHistory(SqlContext context) {
        this.context = context;
        this.usageEventMapper = context.mapper(UsageEventMapper.class);
    }

    @Override
    @OneStatement
    public List<UsageEvent> events(UsageEventFilter filter, KeyPage<Long> page) {
        return sql(() -> usageEventMapper.usageEvents(filter, page).stream().map(EventRow::event).toList());
    }
}
