package org.givingstream.donation.giftaid;

import jakarta.validation.constraints.NotNull;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Gift Aid claims.
 *
 * @param zone the days of a claim period and of each donation's date are this zone's (HMRC's are UK days)
 */
@Validated
@ConfigurationProperties("donations.gift-aid")
record GiftAidProperties(@DefaultValue("Europe/London") @NotNull ZoneId zone) {}
