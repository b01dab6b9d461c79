package org.givingstream.localstack;

import org.givingstream.testinfra.ContainerInfrastructure;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same end-to-end contract on the real {@code apache/kafka} and {@code mongo} images, where a Docker engine
 * exists; skipped cleanly (with its reason in the report) where it does not.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndOnRealImagesTest extends EndToEndContract {

    private KafkaContainer kafka;
    private MongoDBContainer mongo;

    @Override
    StackConfig configure(StackConfig embedded) {
        kafka = new KafkaContainer(ContainerInfrastructure.KAFKA_IMAGE);
        mongo = new MongoDBContainer(ContainerInfrastructure.MONGO_IMAGE);
        kafka.start();
        mongo.start();
        return new StackConfig(
                embedded.projectDir(),
                embedded.stackDir(),
                embedded.donationPort(),
                embedded.campaignPort(),
                embedded.notificationPort(),
                embedded.kafkaPort(),
                embedded.kafkaControllerPort(),
                embedded.mongoPort(),
                embedded.smtpPort(),
                embedded.mailApiPort(),
                kafka.getBootstrapServers(),
                mongo.getConnectionString(),
                embedded.stripeSecret(),
                embedded.management());
    }

    @Override
    void stopInfrastructure() {
        if (kafka != null) {
            kafka.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }
}
