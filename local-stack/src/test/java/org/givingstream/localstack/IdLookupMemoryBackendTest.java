package org.givingstream.localstack;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.inc;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local stack's MongoDB stand-in looks filters that name {@code _id} up through the {@code _id} index; the
 * answers must stay exactly those of mongo-java-server's own backend (and of MongoDB): the rest of the filter still
 * decides. Over the real driver and wire protocol, against both backends.
 */
class IdLookupMemoryBackendTest {

    static List<Arguments> backends() {
        return List.of(
                Arguments.of("stock MemoryBackend", (Supplier<MongoBackend>) MemoryBackend::new),
                Arguments.of("IdLookupMemoryBackend", (Supplier<MongoBackend>) IdLookupMemoryBackend::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void filtersWithAnIdAndMoreFieldsAnswerAsMongoDbDoes(String name, Supplier<MongoBackend> backend) {
        MongoServer server = new MongoServer(backend.get());
        var address = server.bind();
        try (var client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> donations = client.getDatabase("t").getCollection("donations");
            List<Document> many = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                many.add(new Document("_id", "d" + i).append("version", 1).append("pendingEvents", i % 2));
            }
            donations.insertMany(many);

            // a version-guarded write: the stale guard matches nothing, the current one exactly one document
            assertThat(donations
                            .updateOne(and(eq("_id", "d7"), eq("version", 2)), inc("version", 1))
                            .getMatchedCount())
                    .isZero();
            assertThat(donations
                            .updateOne(and(eq("_id", "d7"), eq("version", 1)), inc("version", 1))
                            .getMatchedCount())
                    .isOne();
            assertThat(donations.find(eq("_id", "d7")).first()).containsEntry("version", 2);

            assertThat(ids(donations, and(eq("_id", "d8"), eq("pendingEvents", 1))))
                    .isEmpty();
            assertThat(ids(donations, and(eq("_id", "d9"), eq("pendingEvents", 1))))
                    .containsExactly("d9");
            assertThat(ids(donations, and(in("_id", "d1", "d2", "d3", "nope"), eq("pendingEvents", 1))))
                    .containsExactlyInAnyOrder("d1", "d3");
            assertThat(ids(donations, and(eq("_id", "d4"), or(eq("version", 9), eq("pendingEvents", 0)))))
                    .containsExactly("d4");
            assertThat(ids(donations, and(eq("_id", "d4"), or(eq("version", 9), eq("pendingEvents", 1)))))
                    .isEmpty();
            // a filter without _id still scans, and still finds every match
            assertThat(donations.countDocuments(eq("pendingEvents", 1))).isEqualTo(250);
        } finally {
            server.shutdownNow();
        }
    }

    private static List<String> ids(MongoCollection<Document> collection, Bson filter) {
        return collection.find(filter).map(d -> d.getString("_id")).into(new ArrayList<>());
    }
}
