package org.givingstream.campaign;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.ObjectName;

/** The requests each Kafka client of this JVM has sent so far, as the clients themselves count them (JMX). */
public final class KafkaClientRequests {

    private KafkaClientRequests() {}

    /** Fetch requests per consumer client id. */
    public static Map<String, Long> fetches() {
        return counter("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*", "fetch-total");
    }

    /** @param type {@code consumer}, {@code admin.client} or {@code producer} */
    public static Map<String, Long> byClientId(String type) {
        String metrics = type.equals("admin.client") ? "admin-client-metrics" : type + "-metrics";
        return counter("kafka." + type + ":type=" + metrics + ",client-id=*", "request-total");
    }

    private static Map<String, Long> counter(String pattern, String attribute) {
        var server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> counts = new TreeMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                counts.put(
                        name.getKeyProperty("client-id"), ((Number) server.getAttribute(name, attribute)).longValue());
            }
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
