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
 * @param repaired on a repair: whether anything was overwritten
 */
record ReconciliationView(
        String campaignId,
        boolean consistent,
        Map<String, Long> stored,
        Map<String, Long> recomputed,
        List<Difference> differences,
        Boolean repaired) {

    static ReconciliationView of(Report report, Boolean repaired) {
        return new ReconciliationView(report.campaignId(), report.consistent(), report.stored().values(),
                report.recomputed().values(), report.differences(), repaired);
    }
}
