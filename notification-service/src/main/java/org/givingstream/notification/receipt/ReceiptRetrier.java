package org.givingstream.notification.receipt;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends again what could not be sent: receipts left PENDING by an SMTP failure or by a crash mid-attempt. It also
 * catches up after a restart, as its first round runs at start-up. Nothing is dropped: a receipt stays PENDING
 * until the SMTP server has accepted it.
 */
@Component
class ReceiptRetrier {

    private final Receipts receipts;

    ReceiptRetrier(Receipts receipts) {
        this.receipts = receipts;
    }

    @Scheduled(fixedDelayString = ReceiptProperties.RETRY_DELAY_PLACEHOLDER)
    void retryDue() {
        receipts.retryDue();
    }
}
