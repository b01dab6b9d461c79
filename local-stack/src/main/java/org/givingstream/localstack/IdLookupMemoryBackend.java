package org.givingstream.localstack;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * mongo-java-server's in-memory backend with one query-planning fix: a filter that names {@code _id} together with
 * other fields ({@code {_id: x, version: 3}}, the guarded writes every service makes) is looked up through the
 * {@code _id} index, as MongoDB itself does, instead of matched against every document of the collection. The
 * stand-in only used the index when {@code _id} was the filter's one field, so each guarded write cost a full scan
 * and the local stack slowed down as data grew.
 *
 * <p>The result is unchanged: the index only narrows the candidates to the document with that {@code _id}, and the
 * whole filter is still matched against it (mongo-java-server re-applies the query to what an index returns).
 */
final class IdLookupMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected Index<Integer> openOrCreateUniqueIndex(
                    String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                if (keys.size() == 1 && keys.getFirst().getKey().equals("_id")) {
                    return new IdIndex(indexName, keys, sparse);
                }
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            }
        };
    }

    /** The {@code _id} index, consulted with the filter's {@code _id} condition alone. */
    static final class IdIndex extends MemoryUniqueIndex {

        IdIndex(String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return super.canHandle(idCondition(query));
        }

        @Override
        public synchronized Iterable<Integer> getPositions(Document query) {
            return super.getPositions(idCondition(query));
        }

        private static Document idCondition(Document query) {
            return query.size() > 1 && query.containsKey("_id") ? new Document("_id", query.get("_id")) : query;
        }
    }
}
