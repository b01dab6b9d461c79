package org.givingstream.campaign.reconciliation;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.givingstream.campaign.reconciliation.OpsToken.OpsAccessDenied;
import org.givingstream.campaign.reconciliation.Reconciler.Report;
import org.givingstream.campaign.totals.Totals.Difference;
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
 *   <li>{@code POST /api/campaigns/{id}/reconciliation/repair}: overwrites the stored totals with the recomputed ones;
 *   <li>{@code POST /api/admin/rebuild}: history from the whole donations topic, then every campaign repaired.
 * </ul>
 */
@RestController
class ReconciliationController {

    private final OpsToken token;
    private final Reconciler reconciler;
    private final Rebuild rebuild;

    ReconciliationController(OpsToken token, Reconciler reconciler, Rebuild rebuild) {
        this.token = token;
        this.reconciler = reconciler;
        this.rebuild = rebuild;
    }

    /**
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

    @GetMapping("/api/campaigns/{id}/reconciliation")
    ReconciliationView reconciliation(@PathVariable String id, @RequestHeader(name = HttpHeaders.AUTHORIZATION,
            required = false) String authorization) {
        token.require(authorization);
        return ReconciliationView.of(reconciler.compare(id), null);
    }

    @PostMapping("/api/campaigns/{id}/reconciliation/repair")
    ReconciliationView repair(@PathVariable String id, @RequestHeader(name = HttpHeaders.AUTHORIZATION,
            required = false) String authorization) {
        token.require(authorization);
        Report before = reconciler.repair(id);
        return ReconciliationView.of(before, !before.consistent());
    }

    @PostMapping("/api/admin/rebuild")
    Rebuild.Result rebuild(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        token.require(authorization);
        return rebuild.run();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> denied(OpsAccessDenied e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setType(type("unauthorized"));
        problem.setTitle("Operator token required");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"campaign-service-ops\"")
                .body(problem);
    }

    private static URI type(String slug) {
        return URI.create("urn:giving-stream:problem:" + slug);
    }
}
