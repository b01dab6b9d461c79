package org.givingstream.campaign.organiser;

/** The request carries no usable {@code Authorization: Bearer} organiser token. */
public class OrganiserTokenMissingException extends RuntimeException {

    OrganiserTokenMissingException() {
        super("Send the campaign's organiser token as 'Authorization: Bearer <token>'.");
    }
}
