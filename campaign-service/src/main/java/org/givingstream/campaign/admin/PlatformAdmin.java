package org.givingstream.campaign.admin;

/**
 * A controller method parameter that proves the request carried the platform administrator's credential: resolved
 * (or refused with 401) by {@link PlatformAdminArguments} before the body is read, so an anonymous caller learns
 * nothing about its body's validity.
 */
public record PlatformAdmin() {}
