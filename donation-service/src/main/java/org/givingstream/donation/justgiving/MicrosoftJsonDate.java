package org.givingstream.donation.justgiving;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JustGiving's dates, in the Microsoft JSON form {@code /Date(1444216076464+0000)/}: milliseconds since the epoch in
 * UTC, then the offset the writer was in (information only: the milliseconds are already UTC). Anything else is
 * refused, not guessed.
 */
final class MicrosoftJsonDate {

    private static final Pattern FORM = Pattern.compile("/Date\\((-?\\d{1,15})([+-]\\d{4})?\\)/");

    private MicrosoftJsonDate() {}

    /** @throws IllegalArgumentException unless {@code text} is in that form */
    static Instant parse(String text) {
        Matcher date = text == null ? null : FORM.matcher(text);
        if (date == null || !date.matches()) {
            throw new IllegalArgumentException("donationDate must look like /Date(1444216076464+0000)/, not " + text);
        }
        return Instant.ofEpochMilli(Long.parseLong(date.group(1)));
    }
}
