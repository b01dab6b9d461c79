package org.givingstream.donation.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.testinfra.PortProbe;
import org.junit.jupiter.api.Test;

/** Health details, metrics and prometheus only on the management port; the public port has just the probes. */
class ActuatorIsOnItsOwnPortTest extends DonationServiceTestSupport {

    @Test
    void thePublicPortAnswersOnlyTheProbesAndTheManagementPortEverythingElse() {
        for (String path :
                new String[] {"/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/metrics"}) {
            assertThat(PortProbe.get(port, path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(PortProbe.get(port, "/livez").body()).contains("\"UP\"");
        assertThat(PortProbe.get(port, "/readyz").statusCode()).isEqualTo(200);

        assertThat(PortProbe.get(managementPort, "/actuator/health").body()).contains("\"outbox\"");
        assertThat(PortProbe.get(managementPort, "/actuator/prometheus").body())
                .contains("jvm_memory_used_bytes{application=\"donation-service\"");
    }
}
