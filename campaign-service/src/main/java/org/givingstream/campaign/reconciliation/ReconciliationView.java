package org.givingstream.campaign.reconciliation;

import java.util.List;
import java.util.Map;
import org.givingstream.campaign.reconciliation.Reconciler.Report;
import org.givingstream.campaign.totals.Totals.Difference;

/**
 * A campaign's stored totals against its history.
 *
 * @param stored the campaign document's totals, as flat field paths
 * @param recomputed what the history says they should be
 * @param differences the fields where the two disagree
 */
record ReconciliationView(
        String campaignId,
        boolean consistent,
        Map<String, Long> stored,
        Map<String, Long> recomputed,
        List<Difference> differences) {

    static ReconciliationView of(Report report) {
        return new ReconciliationView(
                report.campaignId(),
                report.consistent(),
                report.stored().values(),
                report.recomputed().values(),
                report.differences());
    }
}
