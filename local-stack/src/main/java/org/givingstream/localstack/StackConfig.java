package org.givingstream.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where everything of the local stack listens and lives. Every value can be set by an environment variable (see
 * {@link #fromEnvironment}); the defaults are the ports documented in the README.
 *
 * @param projectDir the repository root, where the services' runnable jars are built
 * @param stackDir logs and data of one stack ({@code .local-stack} by default)
 * @param kafkaBootstrap an external Kafka to use instead of starting one (null: start the embedded broker)
 * @param mongoUri an external MongoDB to use instead of the wire-protocol server (null: start it)
 * @param stripeSecret the Stripe webhook secret the local donation-service accepts (local use only)
 * @param management the services' actuator ports, apart from their public ones
 */
public record StackConfig(
        Path projectDir,
        Path stackDir,
        int donationPort,
        int campaignPort,
        int notificationPort,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        int smtpPort,
        int mailApiPort,
        String kafkaBootstrap,
        String mongoUri,
        String stripeSecret,
        ManagementPorts management) {

    /** Where each service's actuator (health with its parts, metrics, prometheus) listens. */
    public record ManagementPorts(int donation, int campaign, int notification) {

        public static final ManagementPorts DEFAULT = new ManagementPorts(9081, 9082, 9083);
    }

    public static final String LOCAL_STRIPE_SECRET = "whsec_local_stack_only_not_a_real_secret";
    /**
     * The signing secret of the local stack's Standard Webhooks source {@code demo} ({@code POST
     * /webhooks/standard/demo}), so every intake can be tried without editing configuration. Local use only.
     */
    public static final String LOCAL_STANDARD_SOURCE = "demo";

    public static final String LOCAL_STANDARD_SECRET = "whsec_bG9jYWwtc3RhY2stZGVtby1zdGFuZGFyZC13ZWJob29rcy1rZXk=";
    /** The three services' ops token on a local stack (support lookups, reconciliation, the notifications API). */
    public static final String LOCAL_OPS_TOKEN = "local-stack-ops-token-not-a-secret";
    /** The platform administrator's token on a local stack: it opens campaigns. Local use only. */
    public static final String LOCAL_ADMIN_TOKEN = "local-stack-admin-token-not-a-secret";

    public static StackConfig fromEnvironment(Map<String, String> env) {
        Path project =
                Path.of(env.getOrDefault("GIVING_HOME", ".")).toAbsolutePath().normalize();
        return new StackConfig(
                project,
                Path.of(env.getOrDefault(
                        "STACK_DIR", project.resolve(".local-stack").toString())),
                port(env, "DONATION_PORT", 8081),
                port(env, "CAMPAIGN_PORT", 8082),
                port(env, "NOTIFICATION_PORT", 8083),
                port(env, "KAFKA_PORT", 9092),
                port(env, "KAFKA_CONTROLLER_PORT", 9093),
                port(env, "MONGO_PORT", 27017),
                port(env, "SMTP_PORT", 3025),
                port(env, "MAIL_API_PORT", 8025),
                env.get("KAFKA_BOOTSTRAP_SERVERS"),
                env.get("MONGODB_URI"),
                env.getOrDefault("STRIPE_WEBHOOK_SECRET", LOCAL_STRIPE_SECRET),
                new ManagementPorts(
                        port(env, "DONATION_MANAGEMENT_PORT", ManagementPorts.DEFAULT.donation()),
                        port(env, "CAMPAIGN_MANAGEMENT_PORT", ManagementPorts.DEFAULT.campaign()),
                        port(env, "NOTIFICATION_MANAGEMENT_PORT", ManagementPorts.DEFAULT.notification())));
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap != null ? kafkaBootstrap : "127.0.0.1:" + kafkaPort;
    }

    /** @param database each service owns its own database */
    public String mongoUri(String database) {
        String base = mongoUri != null ? mongoUri : "mongodb://127.0.0.1:" + mongoPort;
        return base.replaceAll("/+$", "") + "/" + database;
    }

    public Path logDir() {
        return stackDir.resolve("logs");
    }

    public String donationUrl() {
        return "http://localhost:" + donationPort;
    }

    public String campaignUrl() {
        return "http://localhost:" + campaignPort;
    }

    public String notificationUrl() {
        return "http://localhost:" + notificationPort;
    }

    /** Actuator of donation-service, e.g. {@code donationManagementUrl() + "/actuator/prometheus"}. */
    public String donationManagementUrl() {
        return "http://localhost:" + management.donation();
    }

    public String campaignManagementUrl() {
        return "http://localhost:" + management.campaign();
    }

    public String notificationManagementUrl() {
        return "http://localhost:" + management.notification();
    }

    public String mailApiUrl() {
        return "http://localhost:" + mailApiPort;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
        }
    }
}
