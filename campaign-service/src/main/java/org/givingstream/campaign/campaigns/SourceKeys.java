package org.givingstream.campaign.campaigns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns a donation source ({@code stripe}, {@code paypal}, a Standard Webhooks platform name, ...) into a key that is
 * safe as ONE MongoDB field name, and back. A source is published by donation-service and could, in a later version,
 * hold a {@code .} (a path separator) or start with {@code $} (an operator): every character outside
 * {@code [A-Za-z0-9_-]} is written as {@code %XX} per UTF-8 byte, {@code %} included, so the encoding is reversible.
 */
public final class SourceKeys {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SourceKeys() {}

    public static String encode(String source) {
        if (source.isEmpty()) {
            return "%"; // an empty field name is not allowed either; a lone % never comes out of the loop below
        }
        StringBuilder key = new StringBuilder(source.length());
        for (byte b : source.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                key.append(c);
            } else {
                key.append('%').append(HEX.toHexDigits(b));
            }
        }
        return key.toString();
    }

    public static String decode(String key) {
        if (key.equals("%")) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '%') {
                bytes.write(HexFormat.fromHexDigits(key, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
