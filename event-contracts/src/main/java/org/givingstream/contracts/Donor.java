package org.givingstream.contracts;

/**
 * Who gave. {@code email} may be null (cash at a cake sale); {@code anonymous} donors are never named in public.
 */
public record Donor(String name, String email, boolean anonymous) {}
