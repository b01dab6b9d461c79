package org.givingstream.bench;

/**
 * One delivery the generator makes.
 *
 * @param forged signed with the wrong secret: must be refused (400), never counted
 */
record Webhook(Kind kind, String body, boolean forged) {

    enum Kind {
        CHECKOUT,
        PAYMENT_INTENT,
        DUPLICATE,
        REFUND,
        FORGED
    }
}
