package org.givingstream.campaign.reconciliation;

import java.util.List;
import org.givingstream.campaign.campaigns.CampaignNotFoundException;
import org.givingstream.campaign.totals.History;
import org.givingstream.campaign.totals.Totals;
import org.givingstream.campaign.totals.Totals.Difference;
import org.givingstream.campaign.totals.TotalsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compares a campaign's stored totals with the totals recomputed from {@code campaign_history}, and repairs them.
 *
 * <p>Exact while donations flow: the recomputation counts only history at or below the campaign's stored offsets (a
 * batch writes its history before its totals), and the repair is ONE single-document update guarded by the
 * {@code totalsVersion} read with those offsets: if a batch applied meanwhile, nothing is written and the
 * comparison is redone on the new state, so the batch is not lost.
 */
@Component
class Reconciler {

    static final int ATTEMPTS = 10;
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final TotalsStore store;
    private final History history;

    Reconciler(TotalsStore store, History history) {
        this.store = store;
        this.history = history;
    }

    record Report(
            String campaignId, boolean consistent, Totals stored, Totals recomputed, List<Difference> differences) {}

    Report compare(String campaignId) {
        return compare(read(campaignId));
    }

    /** @return the report of what was wrong before the repair (consistent: nothing was written) */
    Report repair(String campaignId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            TotalsStore.Snapshot state = read(campaignId);
            Report report = compare(state);
            if (report.consistent()) {
                return report;
            }
            if (store.overwriteIfUnchanged(state, report.recomputed())) {
                log.warn("Totals of campaign {} repaired from history: {}", campaignId, report.differences());
                return report;
            }
        }
        throw new IllegalStateException("Totals of campaign " + campaignId + " kept changing; try the repair again");
    }

    private Report compare(TotalsStore.Snapshot state) {
        Totals recomputed = history.recompute(state.campaignId(), state.offsets());
        List<Difference> differences = state.totals().differencesTo(recomputed);
        return new Report(state.campaignId(), differences.isEmpty(), state.totals(), recomputed, differences);
    }

    private TotalsStore.Snapshot read(String campaignId) {
        TotalsStore.Snapshot state = store.read(campaignId);
        if (state == null) {
            throw new CampaignNotFoundException(campaignId);
        }
        return state;
    }
}
