package org.givingstream.donation.offline;

/** One thing wrong with a request, named by its JSON path: {@code amount.minorUnits}. */
record FieldProblem(String field, String message) {}
