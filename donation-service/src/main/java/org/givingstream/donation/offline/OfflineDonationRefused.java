package org.givingstream.donation.offline;

import java.util.List;

/** An offline donation entry we do not accept, with the reason; {@link OfflineProblems} answers it. */
class OfflineDonationRefused extends RuntimeException {

    enum Reason {
        MISSING_IDEMPOTENCY_KEY,
        INVALID_IDEMPOTENCY_KEY,
        BODY_TOO_LARGE,
        /** The entry itself: see {@link #fields()}. */
        INVALID_DONATION
    }

    private final Reason reason;
    private final List<FieldProblem> fields;

    OfflineDonationRefused(Reason reason, String detail) {
        this(reason, detail, List.of());
    }

    OfflineDonationRefused(Reason reason, String detail, List<FieldProblem> fields) {
        super(detail);
        this.reason = reason;
        this.fields = List.copyOf(fields);
    }

    static OfflineDonationRefused invalid(List<FieldProblem> fields) {
        StringBuilder detail = new StringBuilder("The offline donation was not recorded: ");
        for (int i = 0; i < fields.size(); i++) {
            FieldProblem problem = fields.get(i);
            detail.append(i == 0 ? "" : "; ")
                    .append(problem.field() == null ? "" : problem.field() + " ")
                    .append(problem.message());
        }
        return new OfflineDonationRefused(
                Reason.INVALID_DONATION, detail.append('.').toString(), fields);
    }

    Reason reason() {
        return reason;
    }

    List<FieldProblem> fields() {
        return fields;
    }
}
