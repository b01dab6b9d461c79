package org.givingstream.campaign.sourcecheck;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.givingstream.campaign.campaigns.SourceKeys;
import org.givingstream.campaign.kafka.DeadLetters;
import org.givingstream.campaign.kafka.DeadLetters.Original;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.SourceCheckEvent;
import org.givingstream.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code applySourceCheck} function, bound to {@code giving.source-checks.v1}: keeps, per campaign and giving
 * page, the newest comparison of the page's own total with our count, for the dashboard.
 *
 * <p>Idempotent and order-proof: ONE update that writes the check only if none is stored for the page or the stored
 * one is older, so a redelivered or late event changes nothing. A check for an unknown campaign matches nothing. An
 * unreadable or out-of-bounds record is parked on {@code giving.source-checks.v1.dlq} (acknowledged before the offset
 * moves on) and the partition goes on; MongoDB being away is waited out by the binder's retries (application.yml).
 */
@Component("applySourceCheck")
class ApplySourceCheck implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(ApplySourceCheck.class);
    private static final String PAGE = "[A-Za-z0-9][A-Za-z0-9-]{0,99}";
    private static final String SOURCE = "[a-z][a-z0-9-]{0,39}";

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final DeadLetters deadLetters;

    ApplySourceCheck(MongoTemplate mongo, JsonMapper json, MeterRegistry meters, DeadLetters deadLetters) {
        this.mongo = mongo;
        this.json = json;
        this.meters = meters;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(Message<byte[]> message) {
        SourceCheckEvent check;
        try {
            check = read(message.getPayload());
        } catch (IllegalArgumentException e) {
            deadLetters.park(Topics.SOURCE_CHECKS_DLQ, original(message), e, "unreadable-source-check");
            return;
        }
        String field = "sourceChecks." + SourceKeys.encode(check.source() + ":" + check.page());
        Date at = Date.from(check.checkedAt());
        Document filter = new Document("_id", check.campaignId())
                .append(
                        "$or",
                        List.of(
                                new Document(field, new Document("$exists", false)),
                                new Document(field + ".checkedAt", new Document("$lt", at))));
        Document stored = new Document("source", check.source())
                .append("page", check.page())
                .append("theirs", money(check.theirs()))
                .append("ours", money(check.ours()))
                .append("agrees", check.agrees())
                .append("checkedAt", at);
        long updated = mongo.getCollection("campaigns")
                .updateOne(filter, new Document("$set", new Document(field, stored)))
                .getModifiedCount();
        meters.counter("campaign.source-checks", "agrees", String.valueOf(check.agrees()))
                .increment();
        if (updated == 1 && !check.agrees()) {
            log.warn(
                    "Campaign {}: {} page {} shows {} {}, we counted {}",
                    check.campaignId(),
                    check.source(),
                    check.page(),
                    check.theirs().minorUnits(),
                    check.theirs().currency(),
                    check.ours().minorUnits());
        }
    }

    private SourceCheckEvent read(byte[] payload) {
        SourceCheckEvent check;
        try {
            check = json.readValue(payload, SourceCheckEvent.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unreadable source check: " + e.getMessage(), e);
        }
        if (check == null
                || !check.page().matches(PAGE)
                || !check.source().matches(SOURCE)
                || !check.theirs().currency().equals(check.ours().currency())) {
            throw new IllegalArgumentException(
                    "Source check out of bounds for campaign " + (check == null ? null : check.campaignId()));
        }
        return check;
    }

    private static Original original(Message<byte[]> message) {
        MessageHeaders headers = message.getHeaders();
        Object key = headers.get(KafkaHeaders.RECEIVED_KEY);
        Number partition = headers.get(KafkaHeaders.RECEIVED_PARTITION, Number.class);
        Number offset = headers.get(KafkaHeaders.OFFSET, Number.class);
        return new Original(
                Topics.SOURCE_CHECKS,
                partition == null ? -1 : partition.intValue(),
                offset == null ? -1 : offset.longValue(),
                key instanceof byte[] bytes
                        ? bytes
                        : key == null ? null : key.toString().getBytes(UTF_8),
                message.getPayload(),
                null);
    }

    private static Document money(Money money) {
        return new Document("minorUnits", money.minorUnits()).append("currency", money.currency());
    }
}
