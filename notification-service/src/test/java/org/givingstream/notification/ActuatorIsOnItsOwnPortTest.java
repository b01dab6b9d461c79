package org.givingstream.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.givingstream.testinfra.PortProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** Health, metrics and prometheus only on the management port; the public port has just the probes. */
class ActuatorIsOnItsOwnPortTest extends NotificationServiceTest {

    @Test
    void thePublicPortAnswersOnlyTheProbesAndTheManagementPortEverythingElse(@LocalManagementPort int managementPort) {
        for (String path :
                new String[] {"/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/metrics"}) {
            assertThat(PortProbe.get(port, path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(PortProbe.get(port, "/livez").body()).contains("\"UP\"");
        assertThat(PortProbe.get(port, "/readyz").statusCode()).isEqualTo(200);

        // UP or not (the test's MongoDB stand-in does not answer Boot's check), health answers here with its status
        assertThat(PortProbe.get(managementPort, "/actuator/health").body()).contains("\"status\"");
        assertThat(PortProbe.get(managementPort, "/actuator/health/liveness").statusCode())
                .isEqualTo(200);
        assertThat(PortProbe.get(managementPort, "/actuator/prometheus").body())
                .contains("jvm_memory_used_bytes{application=\"notification-service\"");
    }
}
