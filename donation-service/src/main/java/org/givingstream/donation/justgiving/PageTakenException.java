package org.givingstream.donation.justgiving;

/** The JustGiving page is attached to another campaign: its money can count towards one only. */
class PageTakenException extends RuntimeException {

    PageTakenException(String shortName) {
        super("JustGiving page " + shortName + " is attached to another campaign.");
    }
}
