package org.givingstream.campaign;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    /**
     * {@code campaigns.storage.*}.
     *
     * @param readTimeout how long one MongoDB reply may take (a campaign's history aggregation included); the
     *     driver's default waits forever, so a server gone silent would freeze the totals consumer for good instead of
     *     failing the batch, which is then retried
     */
    @ConfigurationProperties("campaigns.storage")
    record StorageProperties(@DefaultValue("30s") Duration readTimeout) {}

    /**
     * The driver's own java.time codecs: a {@code LocalDate} (a campaign's end date) is stored as midnight UTC, not
     * as midnight in whatever time zone the JVM happens to run in, so instances in different zones agree on the day.
     */
    @Bean
    MongoCustomConversions mongoCustomConversions() {
        return MongoCustomConversions.create(conversions -> conversions.useNativeDriverJavaTimeCodecs());
    }

    @Bean
    MongoClientSettingsBuilderCustomizer boundedMongoReplies(StorageProperties properties) {
        return settings -> settings.applyToSocketSettings(
                socket -> socket.readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
}
