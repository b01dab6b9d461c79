package org.givingstream.donation.imports;

/** The whole file is refused (no date or amount column, not CSV at all): nothing in it was imported. */
class ImportRefused extends RuntimeException {

    ImportRefused(String message) {
        super(message);
    }
}
