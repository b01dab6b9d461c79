package org.givingstream.donation.webhook.paypal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Makes a text whose CRC32 equals another's, as anyone who captured a PayPal delivery could: CRC32 is affine over
 * GF(2), so flipping chosen letters of a filler ('a' to 'b') moves the checksum by the XOR of each flip's own effect,
 * and 32 well-chosen flips reach any checksum. Found by Gaussian elimination over the flips' effects.
 */
final class Crc32Forgery {

    private Crc32Forgery() {}

    /** {@code text} with some letters of {@code filler} (a run of 'a', 64 or so long) flipped to match {@code target}. */
    static String withCrcOf(String target, String text, String filler) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int start = text.indexOf(filler);
        if (start < 0) {
            throw new IllegalArgumentException("the filler is not in the text");
        }
        long base = PayPalSignatureVerifier.crc32(bytes);
        long wanted = base ^ PayPalSignatureVerifier.crc32(target.getBytes(StandardCharsets.UTF_8));
        int flips = filler.length();
        long[] effect = new long[flips];
        for (int i = 0; i < flips; i++) {
            bytes[start + i] ^= 0x03;
            effect[i] = PayPalSignatureVerifier.crc32(bytes) ^ base;
            bytes[start + i] ^= 0x03;
        }
        // rows: one per flip, the flip's effect and which flips it combines (a bit set over the flips)
        long[] rows = effect.clone();
        BigInteger[] combines = new BigInteger[flips];
        for (int i = 0; i < flips; i++) {
            combines[i] = BigInteger.ONE.shiftLeft(i);
        }
        BigInteger chosen = BigInteger.ZERO;
        long remaining = wanted;
        int row = 0;
        for (int bit = 31; bit >= 0 && row < flips; bit--) {
            int pivot = -1;
            for (int r = row; r < flips; r++) {
                if ((rows[r] >>> bit & 1) == 1) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            swap(rows, combines, row, pivot);
            for (int r = 0; r < flips; r++) {
                if (r != row && (rows[r] >>> bit & 1) == 1) {
                    rows[r] ^= rows[row];
                    combines[r] = combines[r].xor(combines[row]);
                }
            }
            if ((remaining >>> bit & 1) == 1) {
                remaining ^= rows[row];
                chosen = chosen.xor(combines[row]);
            }
            row++;
        }
        if (remaining != 0) {
            throw new IllegalStateException("the filler's flips cannot reach that checksum; use a longer filler");
        }
        for (int i = 0; i < flips; i++) {
            if (chosen.testBit(i)) {
                bytes[start + i] ^= 0x03;
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void swap(long[] rows, BigInteger[] combines, int a, int b) {
        long row = rows[a];
        rows[a] = rows[b];
        rows[b] = row;
        BigInteger combination = combines[a];
        combines[a] = combines[b];
        combines[b] = combination;
    }
}
