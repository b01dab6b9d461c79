package org.givingstream.campaign.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.testinfra.HostileUpload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13, point 1: {@code POST /api/campaigns} needs no token, and a 100 MB JSON body there used to end in
 * OutOfMemoryError. Every spelling of the path, 500 MB chunked: refused before it is read, and the service still
 * opens a campaign right after.
 */
class HugeCampaignBodiesTest extends CampaignServiceTest {

    private static final long HUGE = 500L * 1024 * 1024;
    private static final long SENT_AT_MOST = 16L * 1024 * 1024;
    private static final long HEAP_GROWTH_LIMIT = 32L * 1024 * 1024;

    private final int port;
    private final Http http;

    HugeCampaignBodiesTest(@LocalServerPort int port, JsonMapper json) {
        this.port = port;
        this.http = new Http(port, json);
    }

    @ParameterizedTest
    @CsvSource({"/api/campaigns, 413", "/api/%63ampaigns, 400", "/api;x/campaigns, 400", "/api/./campaigns, 400"})
    void aHugeBodyIsRefusedBeforeItIsRead(String path, int status) throws Exception {
        long heapBefore = heapAfterGc();

        var chunked = HostileUpload.chunked(port, path, Map.of(), HUGE);
        var declared = HostileUpload.declared(port, path, Map.of(), HUGE);

        assertThat(chunked.status()).as(chunked.body()).isEqualTo(status);
        assertThat(declared.status()).as(declared.body()).isEqualTo(status);
        assertThat(chunked.bytesSentBeforeAnswer()).isLessThan(SENT_AT_MOST);
        assertThat(declared.bytesSentBeforeAnswer()).isLessThan(SENT_AT_MOST);
        assertThat(heapAfterGc() - heapBefore).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_LIMIT);

        var created = http.createCampaign("""
                {"id": "%s", "title": "Still open for business", "target": {"minorUnits": 1000, "currency": "GBP"}}
                """.formatted(Donations.campaignId("after-huge")));
        assertThat(created.status()).isEqualTo(201);
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
