package org.givingstream.testinfra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real KRaft Kafka broker and the MongoDB wire-protocol server ({@code mongo-java-server}) inside the test JVM,
 * each on a free loopback port. Clients reach both over TCP with their real drivers.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

    private final EmbeddedKafkaKraftBroker kafka;
    private final MongoServer mongo;
    private final InetSocketAddress mongoAddress;

    private EmbeddedInfrastructure(EmbeddedKafkaKraftBroker kafka, MongoServer mongo, InetSocketAddress mongoAddress) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.mongoAddress = mongoAddress;
    }

    static EmbeddedInfrastructure start() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "group.initial.rebalance.delay.ms", "0",
                "log.dir",
                        System.getProperty("java.io.tmpdir") + "/giving-kafka-"
                                + ProcessHandle.current().pid()));
        kafka.afterPropertiesSet();
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(kafka, mongo, address);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "embedded-infrastructure-stop"));
        return infrastructure;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public String mongoUri(String database) {
        return "mongodb://127.0.0.1:" + mongoAddress.getPort() + "/" + database;
    }

    private void stop() {
        mongo.shutdownNow();
        kafka.destroy();
    }
}
