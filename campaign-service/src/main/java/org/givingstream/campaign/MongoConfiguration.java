package org.givingstream.campaign;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    /**
     * The driver's own java.time codecs: a {@code LocalDate} (a campaign's end date) is stored as midnight UTC, not
     * as midnight in whatever time zone the JVM happens to run in, so instances in different zones agree on the day.
     */
    @Bean
    MongoCustomConversions mongoCustomConversions() {
        return MongoCustomConversions.create(conversions -> conversions.useNativeDriverJavaTimeCodecs());
    }
}
