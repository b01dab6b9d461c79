package org.givingstream.notification;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    /**
     * {@code notifications.storage.*}.
     *
     * @param readTimeout how long one MongoDB reply may take; the driver's default waits forever, so a server gone
     *     silent would stop the notification drain for good (receipts pending, nothing logged) instead of failing one
     *     round, which the drain logs and tries again
     */
    @ConfigurationProperties("notifications.storage")
    record StorageProperties(@DefaultValue("30s") Duration readTimeout) {}

    @Bean
    MongoClientSettingsBuilderCustomizer boundedMongoReplies(StorageProperties properties) {
        return settings -> settings.applyToSocketSettings(
                socket -> socket.readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
}
