package org.givingstream.donation.export;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/** An organiser's CSV file as the answer: UTF-8, saved under {@code filename}, never kept by a shared cache. */
public final class CsvDownload {

    private CsvDownload() {}

    /** Sets the headers and opens the body; the caller closes the writer. */
    public static Writer start(HttpServletResponse response, String filename) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(filename, StandardCharsets.UTF_8)
                        .build()
                        .toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store"); // donors' names: not for shared caches
        return new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    }
}
