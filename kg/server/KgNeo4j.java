// Minimal launcher for an embedded Neo4j Community DBMS with Bolt on 127.0.0.1.
//
// Usage: java -cp <classes>:<lib>/* KgNeo4j <home> <port> [pagecache] [auth]
//
// Auth is disabled unless the fourth argument is "auth": the server only
// listens on the loopback interface and is meant for a single local user
// (tests start one with auth to check the tool's wrong-password message).  Prints "KG-NEO4J READY bolt://127.0.0.1:<port>"
// once the DBMS is up and shuts down cleanly on SIGTERM/SIGINT.

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public final class KgNeo4j {
    private KgNeo4j() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: KgNeo4j <home> <port> [pagecache-mb] [auth]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pagecacheMb = args.length > 2 ? Long.parseLong(args[2]) : 256L;
        boolean auth = args.length > 3 && args[3].equals("auth");
        SocketAddress address = new SocketAddress("127.0.0.1", port);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, address)
                .setConfig(BoltConnector.advertised_address, address)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
                // Bolt waits 5 s for its connections and 5 s for its thread pool on shutdown; a local
                // server whose clients have gone needs neither (this made every stop take over 10 s).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("KG-NEO4J STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
            } finally {
                System.out.println("KG-NEO4J STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "kg-neo4j-shutdown"));

        System.out.println("KG-NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
