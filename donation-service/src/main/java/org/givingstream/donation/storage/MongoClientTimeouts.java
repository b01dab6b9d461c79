package org.givingstream.donation.storage;

import java.util.concurrent.TimeUnit;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fails fast when MongoDB is away. The driver's default waits 30 s to select a server, longer than a payment
 * provider waits for a webhook answer: the provider would give up and retry while we still hold the request. With a
 * short wait the webhook gets a 503 in time and the provider's retry comes back when storage is healthy again.
 * The read timeout bounds a reply that never comes: the driver's default waits forever.
 */
@Configuration(proxyBeanMethods = false)
class MongoClientTimeouts {

    @Bean
    MongoClientSettingsBuilderCustomizer failFastWhenMongoIsAway(StorageProperties properties) {
        return settings -> settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                        properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(
                                properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
}
