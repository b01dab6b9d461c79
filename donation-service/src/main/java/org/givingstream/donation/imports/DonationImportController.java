package org.givingstream.donation.imports;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.givingstream.donation.campaign.OrganiserAccess;
import org.givingstream.donation.imports.ImportProperties.Mapping;
import org.givingstream.donation.problem.ProblemTypes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/campaigns/{id}/imports/{source}}: the organiser uploads a page's donation export (CSV, UTF-8, at
 * most {@code donations.imports.max-bytes}) for a configured source. Organiser token required (401, 403, 422).
 */
@RestController
@EnableConfigurationProperties(ImportProperties.class)
class DonationImportController {

    private final OrganiserAccess organisers;
    private final DonationImport imports;
    private final ImportProperties properties;

    DonationImportController(OrganiserAccess organisers, DonationImport imports, ImportProperties properties) {
        this.organisers = organisers;
        this.imports = imports;
        this.properties = properties;
    }

    @PostMapping("/api/campaigns/{campaignId}/imports/{source}")
    DonationImport.Report upload(
            @PathVariable String campaignId,
            @PathVariable String source,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request)
            throws IOException {
        organisers.require(campaignId, authorization);
        Mapping mapping = properties.sources().get(source);
        if (mapping == null) {
            throw new UnknownSource(source);
        }
        if (request.getContentLengthLong() > properties.maxBytes()) {
            throw new TooLarge(properties.maxBytes());
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, properties.maxBytes() + 1));
        }
        if (body.length > properties.maxBytes()) {
            throw new TooLarge(properties.maxBytes()); // nothing of it was read into donations
        }
        return imports.run(campaignId, source, mapping, new String(body, StandardCharsets.UTF_8));
    }

    @ExceptionHandler
    ProblemDetail refused(ImportRefused e) {
        return problem(HttpStatus.BAD_REQUEST, "import-refused", "File not imported", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownSource(UnknownSource e) {
        return problem(
                HttpStatus.NOT_FOUND,
                "unknown-import-source",
                "No such import source",
                "Exports are taken for " + properties.sources().keySet() + ".");
    }

    @ExceptionHandler
    ProblemDetail tooLarge(TooLarge e) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "import-too-large",
                "File too large",
                "An export may be at most " + e.limit + " bytes; split it and upload the parts. Nothing was imported.");
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(slug));
        problem.setTitle(title);
        return problem;
    }

    private static final class UnknownSource extends RuntimeException {
        UnknownSource(String source) {
            super("no import source " + source);
        }
    }

    private static final class TooLarge extends RuntimeException {
        private final long limit;

        TooLarge(long limit) {
            super("import larger than " + limit);
            this.limit = limit;
        }
    }
}
