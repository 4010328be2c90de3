// Step 5, activities: the touches of the last year on each deal and each person (e-mails, calls,
// meetings, notes, web visits, tickets), in local working hours, a closed deal ending with its
// close note. They are pending until the workspace is assembled, which sorts and numbers them.
import { type ActivityType } from '../../domain/entities';
import { DEAL_CLOSE_NOTES, SUBJECTS } from '../data/activities';
import { CATALOG } from '../data/catalog';
import { type Rng, type Weighted } from '../prng';
import {
  type DemoContext,
  type PendingActivity,
  type PersonInfo,
  DAY,
  MINUTE,
  RECURRING,
  YEAR,
  clamp,
  fill,
} from './context';

function addActivity(ctx: DemoContext, a: Omit<PendingActivity, 'seq'>): void {
  (a as PendingActivity).seq = ctx.activitySeq++;
  ctx.pending.push(a as PendingActivity);
}

function activitySubject(rng: Rng, type: ActivityType, lang: 'es' | 'en', vars: { product: string; company: string; industry: string }): string {
  return fill(rng.pick(SUBJECTS[type][lang]), { ...vars, n: String(rng.int(10000, 99999)) });
}

/** n moments in [startMs, endMs] in local working hours, the last exactly at endMs, ascending. */
function moments(ctx: DemoContext, rng: Rng, n: number, startMs: number, endMs: number, utcOffset: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const t = ctx.workingHours(startMs + rng.float() * (endMs - startMs), utcOffset);
    out.push(clamp(t, startMs, endMs));
  }
  out.sort((a, b) => a - b);
  out.push(endMs);
  return out;
}

function dealActivities(ctx: DemoContext, rng: Rng): void {
  const now = ctx.nowMs;
  const types: Weighted<ActivityType> = [
    ['email-sent', 28],
    ['email-opened', 14],
    ['email-replied', 12],
    ['call', 18],
    ['meeting', 16],
    ['note', 12],
  ];
  // Deals that were won had the buyer's attention: more meetings and replies; deals that were lost
  // more e-mails nobody answered (as many touches each: one random draw a touch either way, so
  // the rest of the demo stays as it was). (A team's history reads so, and the score
  // that learns from it — Options — should find what the agreement says: engagement matters.)
  const wonTypes: Weighted<ActivityType> = [
    ['email-sent', 18],
    ['email-opened', 10],
    ['email-replied', 18],
    ['call', 18],
    ['meeting', 26],
    ['note', 10],
  ];
  const lostTypes: Weighted<ActivityType> = [
    ['email-sent', 36],
    ['email-opened', 18],
    ['email-replied', 6],
    ['call', 18],
    ['meeting', 8],
    ['note', 14],
  ];
  for (const d of ctx.deals) {
    const start = Math.max(d.createdMs, now - YEAR);
    const end = d.lastTouchMs;
    if (end < start) continue;
    const won = d.deal.stage === 'closed-won';
    const closed = won || d.deal.stage === 'closed-lost';
    const n = closed ? rng.int(4, 12) : rng.int(3, 10);
    const contacts = d.deal.contactIds
      .map((id) => d.account.people.find((p) => p.person.id === id))
      .filter((p): p is PersonInfo => p !== undefined);
    const times = moments(ctx, rng, n, start, end, d.account.country.utcOffset);
    times.forEach((atMs, i) => {
      const person = rng.pick(contacts);
      const lang = person.lang;
      const product = CATALOG.find((c) => c.product.id === d.deal.productIds[0]);
      const vars = {
        product: product ? product.short[lang] : 'Dealside',
        company: d.account.base,
        industry: d.account.industry.label[lang],
      };
      let type = rng.weighted(won ? wonTypes : closed ? lostTypes : types);
      let subject = activitySubject(rng, type, lang, vars);
      if (closed && i === times.length - 1) {
        type = 'note';
        subject = rng.pick(d.deal.stage === 'closed-won' ? DEAL_CLOSE_NOTES.won[lang] : DEAL_CLOSE_NOTES.lost[lang]);
      }
      addActivity(ctx, {
        atMs,
        type,
        subject,
        personId: person.person.id,
        accountId: d.account.account.id,
        dealId: d.deal.id,
        ownerId: d.deal.ownerId,
      });
    });
  }
}

function personActivities(ctx: DemoContext, rng: Rng): void {
  const now = ctx.nowMs;
  const customerContact: Weighted<ActivityType> = [
    ['email-sent', 20], ['email-opened', 15], ['email-replied', 8], ['call', 12], ['meeting', 8], ['note', 6],
    ['support-ticket', 10], ['webinar-attended', 6], ['case-study-download', 3], ['pricing-page-visit', 2], ['form-submitted', 1],
  ];
  const prospectContact: Weighted<ActivityType> = [
    ['email-sent', 25], ['email-opened', 20], ['email-replied', 6], ['call', 14], ['meeting', 5], ['note', 5],
    ['pricing-page-visit', 8], ['case-study-download', 7], ['webinar-attended', 6], ['form-submitted', 3],
  ];
  const lead: Weighted<ActivityType> = [
    ['email-sent', 15], ['email-opened', 18], ['email-replied', 4], ['call', 10], ['meeting', 2], ['note', 3],
    ['pricing-page-visit', 14], ['case-study-download', 12], ['webinar-attended', 10], ['form-submitted', 8],
  ];
  const counts: Weighted<number> = [
    [1, 9], [2, 13], [3, 15], [4, 15], [5, 13], [6, 11], [7, 8], [8, 6], [10, 6], [12, 4],
  ];
  const creationEvents: Weighted<ActivityType> = [
    ['form-submitted', 60], ['webinar-attended', 15], ['case-study-download', 15], ['pricing-page-visit', 10],
  ];

  for (const p of ctx.people) {
    const person = p.person;
    const isLead = person.kind === 'lead';
    const recentLead = isLead && person.leadStatus === 'new';
    let range: [number, number] | undefined;
    if (person.leftCompany) range = [60, 300];
    else if (recentLead) range = [0, 13];
    else {
      range = rng.weighted<[number, number] | undefined>([
        [[0, 13], 30],
        [[14, 29], 22],
        [[30, 89], 26],
        [[90, 330], 16],
        [undefined, isLead ? 0 : 6],
      ]);
    }
    const start = Math.max(p.createdMs, now - YEAR);
    const createdInWindow = p.createdMs >= now - YEAR;
    if (!range) continue; // untouched: never contacted
    let end = ctx.workingHours(now - rng.int(range[0], range[1]) * DAY - rng.int(0, 600) * MINUTE, p.country.utcOffset);
    if (end < start) end = ctx.snap(start + rng.float() * (now - start));
    end = clamp(end, start, now);

    const n = rng.weighted(counts);
    const times = moments(ctx, rng, n, start, end, p.country.utcOffset);
    const account = p.account;
    const customer = account?.account.lifecycle === 'customer';
    const weights = isLead ? lead : customer ? customerContact : prospectContact;
    const ownedProduct = account?.account.products[0]?.productId;
    times.forEach((atMs, i) => {
      let type: ActivityType;
      let when = atMs;
      if (i === 0 && isLead && createdInWindow) {
        type = rng.weighted(creationEvents);
        when = p.createdMs;
      } else type = rng.weighted(weights);
      if (type === 'support-ticket' && !customer) type = 'email-sent';
      const productId = ownedProduct && rng.chance(0.6) ? ownedProduct : rng.pick(RECURRING).product.id;
      const product = CATALOG.find((c) => c.product.id === productId);
      const vars = {
        product: product ? product.short[p.lang] : 'Dealside',
        company: p.companyLabel ?? '',
        industry: (account?.industry.label ?? { es: 'tu sector', en: 'your industry' })[p.lang],
      };
      const ownerId =
        type === 'support-ticket' && account
          ? (account.account.ownerId ?? person.ownerId)
          : person.ownerId;
      addActivity(ctx, {
        atMs: when,
        type,
        subject: activitySubject(rng, type, p.lang, vars),
        personId: person.id,
        accountId: person.accountId,
        ownerId,
      });
    });
  }
}

export function generateActivities(ctx: DemoContext): void {
  const rng = ctx.rng('activities');
  dealActivities(ctx, rng);
  personActivities(ctx, rng);
}
