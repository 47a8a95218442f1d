package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract on a node of a three-node Galera cluster (issue 17): every database is created through node 1
 * and the store works on node 2, so its schema, its rows and its commits all go through replication and
 * certification. Cross-node races are in {@link GaleraClusterTest}.
 */
@org.junit.jupiter.api.extension.ExtendWith(GaleraCluster.DescribeOnFailure.class)
@org.junit.jupiter.api.Tag("galera")
class GaleraDatasetStoreTest extends MyBatisStoreContract {

    private GaleraCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = GaleraCluster.shared();
    }

    @Override
    protected MyBatisDatasetStore openEmpty() {
        return DatasetStores.mysql(cluster.settings(2, cluster.createSchema()));
    }
}
