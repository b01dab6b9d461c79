package org.givingstream.bench.floor;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The framework floor: a Spring Boot app on the services' web stack (Tomcat, Spring MVC, Jackson, virtual threads,
 * Tomcat's defaults) whose webhook endpoint takes the body as donation-service's does ({@code byte[]}) and answers
 * 200 with a tiny JSON map, doing nothing else. No actuator, tracing or metrics: those are part of what a service
 * costs, not of the floor. {@code GET /count} answers how many webhooks it read.
 *
 * <p>{@code java ... SpringFloor <port>}, on the bench's class path plus {@code bench/target/floor-lib/*}.
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class SpringFloor {

    private final AtomicLong received = new AtomicLong();

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SpringFloor.class);
        app.setDefaultProperties(Map.of(
                "server.port", args[0],
                "server.address", "127.0.0.1",
                "spring.threads.virtual.enabled", "true", // as the services
                "spring.main.banner-mode", "off"));
        app.run(args);
    }

    @PostMapping("/webhooks/stripe")
    ResponseEntity<Map<String, String>> receive(@RequestBody(required = false) byte[] body) {
        received.incrementAndGet();
        return ResponseEntity.ok(Map.of("status", "ok"));
    }

    @GetMapping("/count")
    Map<String, Long> count() {
        return Map.of("received", received.get());
    }
}
