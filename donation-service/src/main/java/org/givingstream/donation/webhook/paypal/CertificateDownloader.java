package org.givingstream.donation.webhook.paypal;

import java.net.URI;

/** Fetches the bytes of a signing certificate; the URL has already passed {@link PayPalCertificateUrls}. */
@FunctionalInterface
interface CertificateDownloader {

    byte[] download(URI url);
}
