package org.givingstream.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into GreenMail's mailboxes for a sample of donors: each must hold exactly one receipt (by Message-ID; a
 * resend with the same Message-ID is what the platform allows after a crash, and is counted). Refund notices
 * ({@code <refund.…>}) are left out.
 */
record GreenMailSample(int checked, int withOneReceipt, int resends, List<String> problems) {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID:\\s*(<[^>]+>)", Pattern.CASE_INSENSITIVE);

    static GreenMailSample check(HttpClient http, String mailApi, List<Gift> gifts, int size) throws Exception {
        List<Gift> withEmail = gifts.stream().filter(g -> g.email() != null).toList();
        int step = Math.max(1, withEmail.size() / Math.max(1, size));
        int checked = 0;
        int one = 0;
        int resends = 0;
        List<String> problems = new java.util.ArrayList<>();
        for (int i = 0; i < withEmail.size() && checked < size; i += step) {
            String email = withEmail.get(i).email();
            HttpResponse<String> inbox = Main.get(
                    http,
                    mailApi + "/api/user/" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "/messages/INBOX");
            checked++;
            if (inbox.statusCode() != 200) {
                problems.add(email + ": no mailbox (" + inbox.statusCode() + ")");
                continue;
            }
            Set<String> ids = new HashSet<>();
            int messages = 0;
            for (var message : JSON.readTree(inbox.body())) {
                Matcher m = MESSAGE_ID.matcher(message.path("mimeMessage").asString(""));
                String id = m.find() ? m.group(1) : "(none)";
                if (id.startsWith("<refund.")) {
                    continue; // a refunded donor also gets a refund notice: its own mail, not a second receipt
                }
                ids.add(id);
                messages++;
            }
            if (ids.size() == 1) {
                one++;
                resends += messages - 1;
            } else {
                problems.add(email + ": " + ids.size() + " different receipts");
            }
        }
        return new GreenMailSample(checked, one, resends, List.copyOf(problems));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return "GreenMail sample: %d/%d donors hold exactly one receipt (%d resends with the same Message-ID)%s"
                .formatted(withOneReceipt, checked, resends, problems.isEmpty() ? "" : " " + problems);
    }
}
