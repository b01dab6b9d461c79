package org.givingstream.donation.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * DOWN while the relay cannot hand events to Kafka, with the backlog waiting in MongoDB. Webhooks are still
 * accepted meanwhile (they are stored, and the outbox catches up when the broker returns), so this belongs in the
 * overall health for operators and alerts, not in the readiness group that would take the intake out of rotation.
 */
@Component("outbox")
class OutboxHealth extends AbstractHealthIndicator {

    private final OutboxRelay relay;

    OutboxHealth(OutboxRelay relay) {
        super("Could not read the outbox backlog");
        this.relay = relay;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        relay.unreachableSince()
                .ifPresentOrElse(
                        since -> health.down().withDetail("kafkaUnreachableSince", since.toString()), health::up);
        health.withDetail("backlog", relay.backlog());
    }
}
