package org.givingstream.campaign.admin;

/** The request needs the platform administrator's credential and did not carry it: 401. */
public class AdminCredentialRequiredException extends RuntimeException {

    AdminCredentialRequiredException(String message) {
        super(message);
    }
}
