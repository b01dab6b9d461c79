package org.givingstream.notification.mail;

/**
 * An email we send: a donor's receipt or refund notice, an organiser's milestone news, or the check of an
 * organiser's address.
 *
 * <p>{@code messageId} is chosen by us and derived from what the mail is about, so a repeated send of one mail
 * carries the same {@code Message-ID} and mail clients collapse it.
 */
public sealed interface Mail permits ReceiptMail, RefundMail, MilestoneMail, AddressCheckMail {

    /** The recipient's address. */
    String to();

    /** The {@code Message-ID} header, angle brackets included. */
    String messageId();
}
