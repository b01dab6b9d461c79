package org.givingstream.campaign.reconciliation;

import java.net.URI;
import org.givingstream.campaign.campaigns.CampaignNotFoundException;
import org.givingstream.campaign.job.Job;
import org.givingstream.campaign.job.JobNotFoundException;
import org.givingstream.campaign.job.JobView;
import org.givingstream.campaign.job.Jobs;
import org.givingstream.campaign.reconciliation.OpsToken.OpsAccessDenied;
import org.givingstream.campaign.totals.TotalsStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' endpoints, each behind {@code Authorization: Bearer <campaigns.ops.token>}:
 * <ul>
 *   <li>{@code GET /api/campaigns/{id}/reconciliation}: stored totals against the totals recomputed from history;
 *   <li>{@code POST /api/campaigns/{id}/reconciliation/repair}: a job overwriting the stored totals with the
 *       recomputed ones;
 *   <li>{@code POST /api/campaigns/{id}/rebuild}: a job rebuilding the campaign's history from the donations topic,
 *       then repairing its totals; {@code POST /api/admin/rebuild}: the same for every campaign;
 *   <li>{@code GET /api/jobs/{jobId}}: a job's state, progress and outcome.
 * </ul>
 * Jobs answer {@code 202 Accepted} at once with the job and its {@code Location}; one runs at a time per campaign.
 */
@RestController
class ReconciliationController {

    private final OpsToken token;
    private final Reconciler reconciler;
    private final Jobs jobs;
    private final TotalsStore store;

    ReconciliationController(OpsToken token, Reconciler reconciler, Jobs jobs, TotalsStore store) {
        this.token = token;
        this.reconciler = reconciler;
        this.jobs = jobs;
        this.store = store;
    }

    @GetMapping("/api/campaigns/{id}/reconciliation")
    ReconciliationView reconciliation(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        token.require(authorization);
        return ReconciliationView.of(reconciler.compare(id));
    }

    @PostMapping("/api/campaigns/{id}/reconciliation/repair")
    ResponseEntity<JobView> repair(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        token.require(authorization);
        return accepted(jobs.start(Repair.KIND, existing(id)));
    }

    @PostMapping("/api/campaigns/{id}/rebuild")
    ResponseEntity<JobView> rebuild(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        token.require(authorization);
        return accepted(jobs.start(Rebuild.KIND, existing(id)));
    }

    @PostMapping("/api/admin/rebuild")
    ResponseEntity<JobView> rebuildAll(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        token.require(authorization);
        return accepted(jobs.start(Rebuild.KIND, null));
    }

    @GetMapping("/api/jobs/{jobId}")
    JobView job(
            @PathVariable String jobId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        token.require(authorization);
        Job job = jobs.find(jobId);
        if (job == null) {
            throw new JobNotFoundException(jobId);
        }
        return JobView.of(job);
    }

    private String existing(String campaignId) {
        if (store.read(campaignId) == null) {
            throw new CampaignNotFoundException(campaignId);
        }
        return campaignId;
    }

    private static ResponseEntity<JobView> accepted(Job job) {
        JobView view = JobView.of(job);
        return ResponseEntity.accepted().location(URI.create(view.href())).body(view);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> denied(OpsAccessDenied e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setType(URI.create("urn:giving-stream:problem:unauthorized"));
        problem.setTitle("Operator token required");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"campaign-service-ops\"")
                .body(problem);
    }
}
