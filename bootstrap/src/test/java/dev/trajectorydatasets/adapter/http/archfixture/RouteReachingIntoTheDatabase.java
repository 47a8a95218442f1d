package dev.trajectorydatasets.adapter.http.archfixture;

import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;

/** A deliberate violation (test code only): a route must go through the use cases, not to the store. */
public final class RouteReachingIntoTheDatabase {

    public boolean ready(MyBatisDatasetStore store) {
        return store.isAvailable();
    }
}
