package org.givingstream.donation.storage;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reports whether MongoDB answers, with the {@code ping} command: MongoDB 8 and the wire-protocol stand-in both
 * implement it (Boot's own indicator sends {@code hello}, which the stand-in does not). While it is DOWN, webhooks
 * are refused with 503 so that providers retry; nothing is accepted without being stored.
 */
@Component("mongoPing")
class MongoPing extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    MongoPing(MongoTemplate mongo) {
        super("MongoDB did not answer a ping");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        mongo.executeCommand(new Document("ping", 1));
        health.up().withDetail("database", mongo.getDb().getName());
    }
}
