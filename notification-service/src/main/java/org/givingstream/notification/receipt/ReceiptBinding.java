package org.givingstream.notification.receipt;

import java.util.function.Consumer;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.MilestoneEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The Kafka side (see application.yml): {@code sendReceipt-in-0} reads {@code giving.donations.v1},
 * {@code sendMilestone-in-0} reads {@code giving.milestones.v1}. Both only claim; the drain sends.
 */
@Configuration(proxyBeanMethods = false)
class ReceiptBinding {

    @Bean
    Consumer<Message<DonationEvent>> sendReceipt(Receipts receipts) {
        return message -> receipts.onDonation(message.getPayload());
    }

    @Bean
    Consumer<MilestoneEvent> sendMilestone(Receipts receipts) {
        return receipts::onMilestone;
    }
}
