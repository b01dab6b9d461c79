package org.givingstream.donation.justgiving;

/** Text that came from JustGiving's answers, made safe for a log line or a stored error: short, one line. */
final class Bounded {

    private static final int MAX = 300;

    private Bounded() {}

    static String text(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = text.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "…";
    }
}
