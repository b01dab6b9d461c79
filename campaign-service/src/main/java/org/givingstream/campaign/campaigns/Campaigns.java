package org.givingstream.campaign.campaigns;

import java.time.Clock;
import org.givingstream.campaign.organiser.NotTheOrganiserException;
import org.givingstream.campaign.organiser.OrganiserToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Opens campaigns, lets their organisers change and close them, and reads their public summaries.
 *
 * <p>Every change is ONE guarded single-document update that also bumps {@code revision} and clears
 * {@code announced}, so the announcer publishes the new revision at least once (consumers keep the newest).
 */
@Service
public class Campaigns {

    private static final Logger log = LoggerFactory.getLogger(Campaigns.class);
    /** The totals' dedup bookkeeping (up to 1000 event ids): never needed outside the totals feature. */
    private static final String[] NOT_READ = {"offsets", "recentEventIds", "totalsVersion"};

    private final MongoTemplate mongo;
    private final Clock clock;

    public Campaigns(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    Campaign open(NewCampaign request, OrganiserToken token) {
        String id = request.id() != null ? request.id() : CampaignIds.generate(request.title());
        Campaign campaign = Campaign.open(request, id, token, clock.instant());
        try {
            // insert, never save: an existing campaign (and its totals) must not be overwritten
            mongo.insert(campaign);
        } catch (DuplicateKeyException e) {
            throw new CampaignAlreadyExistsException(id);
        }
        log.info(
                "Campaign {} opened with target {} {}",
                id,
                campaign.target().minorUnits(),
                campaign.target().currency());
        return campaign;
    }

    public CampaignSummary summary(String id) {
        Query byId = byId(id);
        byId.fields().exclude("organiserTokenHash");
        return CampaignSummary.of(find(byId, id));
    }

    /**
     * Applies the organiser's changes. Optimistic and lock-free: the update is guarded by the revision just read (and
     * by the campaign being open, and, for a new currency, by no donation having arrived); when the guard fails,
     * another change won, so the loop reads again and decides again.
     */
    Campaign change(String id, OrganiserToken token, CampaignChanges changes) {
        while (true) {
            Campaign current = organisersOwn(id, token);
            if (current.isClosed()) {
                throw new CampaignClosedException(id); // read-only, even for an empty change
            }
            if (changes.isEmpty()) {
                return current;
            }
            Criteria guard = Criteria.where("_id").is(id).and("revision").is(current.revision());
            if (changes.changesCurrencyOf(current)) {
                if (current.donationCount() > 0) {
                    throw new TargetCurrencyLockedException(id, current.target().currency());
                }
                guard.and("donationCount").is(0); // a donation counted since the read keeps the currency
            }
            Campaign changed = updateOpen(guard, changes.asUpdate(), current);
            if (changed != null) {
                log.info("Campaign {} changed by its organiser, revision {}", id, changed.revision());
                return changed;
            }
        }
    }

    /** Idempotent: closing a closed campaign answers as the first close did, and changes nothing. */
    Campaign close(String id, OrganiserToken token) {
        while (true) {
            Campaign current = organisersOwn(id, token);
            if (current.isClosed()) {
                return current;
            }
            Criteria guard = Criteria.where("_id").is(id).and("revision").is(current.revision());
            Campaign closed = updateOpen(guard, new Update().set("status", CampaignStatus.CLOSED), current);
            if (closed != null) {
                log.info("Campaign {} closed by its organiser, revision {}", id, closed.revision());
                return closed;
            }
        }
    }

    /**
     * Gives the campaign a new organiser token ({@code fresh}), or none when {@code fresh} is null (revoked). The old
     * token stops working here at once, and in the other services when they hear the new revision (the organiser
     * token's hash is part of the announcement). Allowed on a closed campaign too: its organiser still needs the
     * exports. The caller is the campaign's organiser, or the platform administrator when {@code byAdmin}.
     */
    Campaign replaceOrganiserToken(String id, OrganiserToken presented, boolean byAdmin, OrganiserToken fresh) {
        while (true) {
            Campaign current = byAdmin ? find(byId(id), id) : organisersOwn(id, presented);
            Criteria guard = Criteria.where("_id").is(id).and("revision").is(current.revision());
            Update update = fresh == null
                    ? new Update().unset("organiserTokenHash")
                    : new Update().set("organiserTokenHash", fresh.hash());
            Campaign changed = update(Query.query(guard), update, current);
            if (changed != null) {
                String who = byAdmin ? "the platform administrator" : "its organiser";
                log.info(
                        "Campaign {} organiser token {} by {}, revision {}",
                        id,
                        fresh == null ? "revoked" : "replaced",
                        who,
                        changed.revision());
                return changed;
            }
        }
    }

    /** @return the campaign after the update, or null when the guard did not match */
    private Campaign updateOpen(Criteria guard, Update update, Campaign current) {
        return update(Query.query(guard.and("status").is(CampaignStatus.OPEN)), update, current);
    }

    private Campaign update(Query query, Update update, Campaign current) {
        query.fields().exclude(NOT_READ);
        // at-least-once announcement: the new revision and the cleared outbox flag are part of the same update
        update.set("revision", current.revision() + 1).set("announced", false);
        return mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), Campaign.class);
    }

    /** The campaign, if the token is its organiser's; 404 before 403, as campaign ids are public anyway. */
    private Campaign organisersOwn(String id, OrganiserToken token) {
        Campaign campaign = find(byId(id), id);
        if (!token.matches(campaign.organiserTokenHash())) {
            throw new NotTheOrganiserException(id);
        }
        return campaign;
    }

    private Campaign find(Query query, String id) {
        Campaign campaign = mongo.findOne(query, Campaign.class);
        if (campaign == null) {
            throw new CampaignNotFoundException(id);
        }
        return campaign;
    }

    private static Query byId(String id) {
        Query byId = Query.query(Criteria.where("_id").is(id));
        byId.fields().exclude(NOT_READ);
        return byId;
    }
}
