package org.givingstream.donation.webhook.paypal;

/** The {@code PAYPAL-*} headers of one delivery attempt, as received (any may be null). */
record PayPalTransmission(String id, String time, String signature, String certUrl, String authAlgo) {

    boolean complete() {
        return present(id) && present(time) && present(signature) && present(certUrl) && present(authAlgo);
    }

    private static boolean present(String header) {
        return header != null && !header.isBlank();
    }
}
