package org.givingstream.campaign.campaigns;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/** Campaign ids are URL slugs: {@code help-the-hedgehogs} or, generated, {@code help-the-hedgehogs-k3x9q2}. */
final class CampaignIds {

    static final String SLUG = "[a-z0-9-]{3,64}";

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 6;
    private static final int STEM_MAX = 64 - SUFFIX_LENGTH - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CampaignIds() {}

    /** A readable slug from the title plus a random suffix, so two campaigns with one title do not collide. */
    static String generate(String title) {
        String stem = Normalizer.normalize(title, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "") // é -> e
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (stem.length() > STEM_MAX) {
            stem = stem.substring(0, STEM_MAX).replaceAll("-+$", "");
        }
        if (stem.isEmpty()) {
            stem = "campaign";
        }
        return stem + "-" + suffix();
    }

    private static String suffix() {
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
