package org.givingstream.notification.receipt;

import java.util.function.Consumer;
import org.givingstream.contracts.DonationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The Kafka side: {@code sendReceipt-in-0} reads {@code giving.donations.v1} (see application.yml). */
@Configuration(proxyBeanMethods = false)
class ReceiptBinding {

    @Bean
    Consumer<Message<DonationEvent>> sendReceipt(Receipts receipts) {
        return message -> receipts.onDonation(message.getPayload());
    }
}
