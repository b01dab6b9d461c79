package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.notification.outgoing.Notification.Status;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The drain takes a round's attempts in bulk (one updateMany under the round's lease token, one find): of rounds
 * racing for the same due notifications, as on several instances, each notification is won by exactly one. Against
 * the MongoDB server of the tests, through the real driver, on a database of its own (no drain runs on it).
 */
class AttemptsAreTakenInBulkTest {

    private static final String DATABASE = "bulk_takes_test";

    private static MongoClient client;
    private static MongoTemplate mongo;
    private static NotificationStore store;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.shared().mongoUri(DATABASE));
        mongo = new MongoTemplate(client, DATABASE);
        ReceiptProperties properties = new ReceiptProperties(
                Duration.ofSeconds(10),
                50,
                Duration.ofSeconds(60),
                4,
                Duration.ofSeconds(1),
                Duration.ofMillis(200),
                Duration.ofSeconds(30),
                Duration.ofHours(72));
        store = new NotificationStore(mongo, properties, Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aRoundWinsNothingThatAnotherRoundHoldsALeaseOn() {
        List<String> ids = claimDue(20);

        List<Notification> first = store.takeAttempts(ids, token());
        List<Notification> second = store.takeAttempts(ids, token());

        assertThat(first).extracting(Notification::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(first)
                .allSatisfy(
                        n -> assertThat(n.nextAttemptAt()).isAfter(Instant.now().plusSeconds(50)));
        assertThat(second).isEmpty();
    }

    @Test
    void twoRoundsRacingForTheSameNotificationsWinDisjointShares() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int race = 0; race < 10; race++) {
                List<String> ids = claimDue(50);
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> racer(ids, start), threads);
                CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> racer(ids, start), threads);

                Set<String> wonByA = new HashSet<>(a.get());
                Set<String> wonByB = new HashSet<>(b.get());
                assertThat(Collections.disjoint(wonByA, wonByB))
                        .as("won by both: %s and %s", wonByA, wonByB)
                        .isTrue();
                Set<String> union = new HashSet<>(wonByA);
                union.addAll(wonByB);
                assertThat(union).containsExactlyInAnyOrderElementsOf(ids);
            }
        }
    }

    @Test
    void onlyDuePendingNotificationsAreTaken() {
        List<String> ids = claimDue(3);
        String sent = ids.get(0);
        String waiting = ids.get(1);
        mongo.updateFirst(
                query(where("_id").is(sent)), new Update().set(Notification.STATUS, Status.SENT), Notification.class);
        mongo.updateFirst(
                query(where("_id").is(waiting)),
                new Update().set(Notification.NEXT_ATTEMPT_AT, Instant.now().plusSeconds(30)),
                Notification.class);

        assertThat(store.takeAttempts(ids, token()))
                .extracting(Notification::id)
                .containsExactly(ids.get(2));
    }

    @Test
    void givingBackALeaseMakesItDueAgainButOnlyTheRoundHoldingItCanGiveItBack() {
        List<String> ids = claimDue(2);
        String holder = token();
        store.takeAttempts(ids, holder);

        store.release(ids, token()); // not the holder: changes nothing
        assertThat(store.takeAttempts(ids, token())).isEmpty();

        store.release(List.of(ids.get(0)), holder);
        assertThat(store.takeAttempts(ids, token()))
                .extracting(Notification::id)
                .containsExactly(ids.get(0));
    }

    /**
     * Seen in CI: an organiser who followed the address check's link twice got the milestone twice. The second
     * confirmation woke the milestone while a round was sending it, because a taken notification still carries its
     * "waiting for" reason, and a second round took and sent it again.
     */
    @Test
    void wakingACampaignsWaitingNotificationsLeavesAloneTheOnesARoundHasTaken() {
        String campaign = "campaign-wake-" + UUID.randomUUID();
        List<String> ids = claimDue(2, campaign);
        String waiting = ids.get(0);
        String sending = ids.get(1);
        store.takeAttempts(ids, token()).forEach(this::postponeUntilConfirmed);
        assertThat(store.wakeWaitingFor(campaign)).isEqualTo(2); // the organiser confirmed: both due now

        assertThat(store.takeAttempts(List.of(sending), token())).hasSize(1); // a round is sending this one
        store.takeAttempts(List.of(waiting), token()).forEach(this::postponeUntilConfirmed); // this one waits again

        assertThat(store.wakeWaitingFor(campaign))
                .as("confirmed again: only the waiting one is woken")
                .isEqualTo(1);
        assertThat(store.takeAttempts(ids, token()))
                .extracting(Notification::id)
                .containsExactly(waiting);
    }

    private void postponeUntilConfirmed(Notification taken) {
        store.postpone(
                taken,
                "waiting for the organiser to confirm their address",
                Instant.now().plusSeconds(30));
    }

    private static List<String> racer(List<String> ids, CyclicBarrier start) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return store.takeAttempts(ids, token()).stream().map(Notification::id).toList();
    }

    /** Claimed receipts, due now (as the consumer leaves them). */
    private static List<String> claimDue(int count) {
        return claimDue(count, "campaign-bulk-take");
    }

    private static List<String> claimDue(int count, String campaign) {
        List<Notification> claims = new ArrayList<>();
        Instant now = Instant.now().minusSeconds(1);
        for (int i = 0; i < count; i++) {
            String donationId = "stripe:pi_" + UUID.randomUUID();
            DonationEvent event = new DonationEvent(
                    UUID.randomUUID().toString(),
                    DonationEventTypes.RECEIVED,
                    DonationEvent.SCHEMA_VERSION,
                    now,
                    donationId,
                    campaign,
                    Money.of(1000, "GBP"),
                    false,
                    new Donor("Bulk Taker", "bulk-" + i + "@example.org", false),
                    null,
                    "stripe",
                    donationId);
            claims.add(Notification.receipt(event, now, null));
        }
        assertThat(store.claimAll(claims).claimed()).hasSize(count);
        return claims.stream().map(Notification::id).toList();
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }
}
