package org.givingstream.campaign.reconciliation;

import java.util.List;
import org.bson.Document;
import org.givingstream.campaign.job.Job;
import org.givingstream.campaign.job.JobWork;
import org.givingstream.campaign.reconciliation.Reconciler.Report;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repair job: one campaign's stored totals overwritten with those recomputed from its history. Run again after a
 * lost instance it is harmless: a consistent campaign is left alone.
 */
@Component
class Repair implements JobWork {

    static final String KIND = "repair";

    private final Reconciler reconciler;
    private final JsonMapper json;

    Repair(Reconciler reconciler, JsonMapper json) {
        this.reconciler = reconciler;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Document run(Job job, Progress progress) {
        progress.report("repairing", 0, 1, new Document());
        Report before = reconciler.repair(job.campaignId());
        progress.report("repairing", 1, 1, new Document());
        // the differences name the fields; the full totals stay with GET .../reconciliation (their keys hold dots)
        return new Document("campaignId", before.campaignId())
                .append("repaired", !before.consistent())
                .append("differences", json.convertValue(before.differences(), List.class));
    }
}
