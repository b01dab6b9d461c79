package org.givingstream.localstack;

/** End to end on the embedded infrastructure the local stack starts: KRaft Kafka, mongo-java-server, GreenMail. */
class EndToEndOnEmbeddedInfrastructureTest extends EndToEndContract {

    @Override
    StackConfig configure(StackConfig embedded) {
        return embedded;
    }
}
