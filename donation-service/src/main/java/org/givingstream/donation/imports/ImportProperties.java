package org.givingstream.donation.imports;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Donation exports organisers may upload, per source (a page without an API, such as Tree of Hope).
 *
 * @param maxBytes the largest file taken (413 beyond)
 * @param maxRows the most data rows one file may hold (the rest is refused, with its reason)
 * @param sources how each source's export reads, by the source's name (its donations are {@code <name>:<id>})
 */
@ConfigurationProperties("donations.imports")
public record ImportProperties(
        @DefaultValue("5242880") long maxBytes,
        @DefaultValue("50000") int maxRows,
        Map<String, Mapping> sources) {

    public ImportProperties {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        sources.keySet().forEach(name -> {
            if (!name.matches("[a-z][a-z0-9-]{0,29}")) {
                throw new IllegalArgumentException("donations.imports.sources: '" + name + "' is not a source name");
            }
        });
    }

    /**
     * The columns of one source's export, by their header text (case and spaces around them ignored).
     *
     * @param id the export's own transaction id; when absent (or blank in a row), the row's content is the key
     * @param currency when absent (or blank in a row), {@code defaultCurrency}
     * @param dateFormats the date column's formats, tried in order (a date alone means the start of that day)
     * @param zone the time zone the export's dates are written in
     * @param yes the values that mean yes in the anonymous and Gift Aid columns
     */
    public record Mapping(
            String id,
            String date,
            String amount,
            String currency,
            String donorName,
            String anonymous,
            String message,
            String giftAid,
            @DefaultValue("GBP") String defaultCurrency,

            @DefaultValue({"dd/MM/yyyy HH:mm", "dd/MM/yyyy", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"})
            List<String> dateFormats,

            @DefaultValue("Europe/London") ZoneId zone,
            @DefaultValue({"yes", "y", "true", "1"}) List<String> yes) {

        public Mapping {
            if (date == null || amount == null) {
                throw new IllegalArgumentException("an import mapping needs at least its date and amount columns");
            }
        }
    }
}
