package org.givingstream.notification.outgoing;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /organiser-addresses/confirm?token=…}: the link of an address check. Following it is what proves the
 * mailbox is the organiser's; it confirms the address and answers a short page. Following it again is harmless.
 */
@RestController
class AddressCheckController {

    private final AddressChecks checks;

    AddressCheckController(AddressChecks checks) {
        this.checks = checks;
    }

    @GetMapping(path = "/organiser-addresses/confirm", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@RequestParam(required = false) String token) {
        return checks.confirm(token)
                .map(confirmed -> ResponseEntity.ok(page(
                        "Address confirmed",
                        "Thank you. News of campaign " + confirmed.campaignId() + " will come to " + confirmed.address()
                                + ".")))
                .orElseGet(
                        () -> ResponseEntity.status(404)
                                .body(
                                        page(
                                                "Link not recognised",
                                                "This link is not one of ours, or it was cut short. Copy the whole link from the mail.")));
    }

    private static String page(String title, String text) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(text)
                + "</p></body></html>";
    }
}
