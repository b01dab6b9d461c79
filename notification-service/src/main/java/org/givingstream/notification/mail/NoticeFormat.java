package org.givingstream.notification.mail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.MilestoneEvent;

/** The words and numbers of the mails beside the receipt: refund notices, milestone news, address checks. */
final class NoticeFormat {

    private NoticeFormat() {}

    static String subject(RefundMail mail) {
        return "Your donation was refunded – receipt " + mail.receiptNumber();
    }

    static Map<String, Object> variables(RefundMail mail) {
        DonationEvent refund = mail.refund();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("greeting", ReceiptFormat.greeting(refund.donor()).replace("Thank you", "Hello"));
        variables.put("receiptNumber", mail.receiptNumber());
        variables.put("campaign", mail.campaign().displayName());
        variables.put("amount", ReceiptFormat.money(refund.amount()));
        variables.put("date", ReceiptFormat.date(refund.occurredAt()));
        variables.put("reference", ReceiptFormat.reference(refund.source(), refund.providerReference()));
        if (refund.giftAid()) {
            variables.put("giftAid", true); // no Gift Aid is claimed on money that went back
        }
        return variables;
    }

    static String subject(MilestoneMail mail) {
        return mail.campaign().displayName() + " has reached "
                + mail.milestone().threshold() + " % of its target";
    }

    static Map<String, Object> variables(MilestoneMail mail) {
        MilestoneEvent milestone = mail.milestone();
        Map<String, Object> variables = new LinkedHashMap<>();
        String organiser = mail.campaign().organiserName();
        variables.put("greeting", organiser == null || organiser.isBlank() ? "Hello" : "Hello " + organiser.strip());
        variables.put("campaign", mail.campaign().displayName());
        variables.put("threshold", milestone.threshold());
        variables.put("raised", ReceiptFormat.money(milestone.raised()));
        variables.put("target", ReceiptFormat.money(milestone.target()));
        variables.put("date", ReceiptFormat.date(milestone.occurredAt()));
        variables.put("complete", milestone.threshold() >= 100);
        return variables;
    }

    static String subject(AddressCheckMail mail) {
        return "Please confirm your address for " + mail.campaign().displayName();
    }

    static Map<String, Object> variables(AddressCheckMail mail) {
        Map<String, Object> variables = new LinkedHashMap<>();
        String organiser = mail.campaign().organiserName();
        variables.put("greeting", organiser == null || organiser.isBlank() ? "Hello" : "Hello " + organiser.strip());
        variables.put("campaign", mail.campaign().displayName());
        variables.put("link", mail.confirmLink().toString());
        return variables;
    }
}
