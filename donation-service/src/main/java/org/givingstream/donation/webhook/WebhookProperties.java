package org.givingstream.donation.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize webhooks larger than this are refused before being read (providers send a few KiB) */
@ConfigurationProperties("donations.webhooks")
public record WebhookProperties(@DefaultValue("256KB") DataSize maxBodySize) {}
