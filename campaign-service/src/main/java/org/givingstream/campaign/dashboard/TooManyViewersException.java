package org.givingstream.campaign.dashboard;

/** Every stream slot (of the instance, or of the campaign) is taken: 503, try again shortly. */
public class TooManyViewersException extends RuntimeException {

    TooManyViewersException(String message) {
        super(message);
    }
}
