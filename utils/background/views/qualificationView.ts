// Qualification in the sidebar: gather a deal's or lead's records from the store, run the pure
// domain core (utils/domain/qualify/qualify.ts) and shape the answer for the UI, in both languages.
import type { Db } from '../../store/db';
import type { Activity, Deal, Person } from '../../domain/entities';
import { qualify, type Qualified } from '../../domain/qualify/qualify';
import type { DuplicateHint } from '../../domain/actions/actions';
import { describeAction, describeStage } from '../../domain/words/describe';
import { STATUS_LABELS } from '../../domain/words/labels';
import { FRAMEWORKS } from '../../domain/qualification/frameworks';
import { COMMITTEE_ROLES, ROLE_LABELS } from '../../domain/committee/roles';
import type { Bilingual } from '../../domain/bilingual';
import type { ScoreFact } from '../../domain/qualification/scoring';
import type { QualifySettings } from '../../domain/qualify/qualifySettings';
import type { QualificationView } from '../../messaging/qualificationView';
import type { EntityView } from '../../messaging/views';
import { getSetting } from '../../store/settings';
import { isKeyAccount } from './book';
import { DEFAULT_QUALIFY_SETTINGS } from '../../domain/qualify/qualifySettings';
import { formatDays, formatNumber } from '../../i18n/format';

import type { QualificationTarget } from '../../store/qualifications';
export type { QualificationTarget };

/** Bounds on what one view reads, so a huge account never makes the sidebar slow. */
const MAX_PEOPLE = 80;
const MAX_ACTIVITIES_PER_KEY = 300;

/**
 * A key's newest activities (at most MAX_ACTIVITIES_PER_KEY), newest first. Two requests, not a
 * cursor: each step of a cursor is a round trip to the browser's IndexedDB, and a view reads this
 * for every person of a deal (issue #15.3). Past the bound, the cursor from the newest end.
 */
async function activitiesFor(db: Db, index: 'byPersonAt' | 'byAccountAt' | 'byDealAt', id: string): Promise<Activity[]> {
  const range = IDBKeyRange.bound([id, ''], [id, '\uffff']);
  const store = db.transaction('activities').store.index(index);
  const [count, all] = await Promise.all([store.count(range), store.getAll(range, MAX_ACTIVITIES_PER_KEY)]);
  // the same order a 'prev' cursor gives: the index's order (key, then primary key), reversed
  if (count <= MAX_ACTIVITIES_PER_KEY) return all.reverse();
  const out: Activity[] = [];
  let cursor = await db.transaction('activities').store.index(index).openCursor(range, 'prev');
  while (cursor && out.length < MAX_ACTIVITIES_PER_KEY) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** Which deal or lead a page's entity is qualified through. */
export function qualificationTargetOf(entity: EntityView): QualificationTarget | undefined {
  if (entity.subject === 'deal') {
    const deal = entity.deals[0];
    return deal ? { entityType: 'deal', entityId: deal.deal.id } : undefined;
  }
  if (entity.subject === 'person') {
    const person = entity.people.find((p) => p.matchedBy !== 'name') ?? undefined;
    if (!person) return undefined;
    const deal = person.openDeals[0];
    if (deal) return { entityType: 'deal', entityId: deal.id };
    return person.kind === 'lead' ? { entityType: 'lead', entityId: person.id } : undefined;
  }
  // a company of the page's group (band 'related') is another company: its deals are not this page's
  const deal = entity.accounts.find((a) => a.matchedBy !== 'name' && a.evidence?.band !== 'related')?.openDeals[0];
  return deal ? { entityType: 'deal', entityId: deal.id } : undefined;
}

export async function qualifySettingsOf(db: Db): Promise<QualifySettings> {
  return (await getSetting(db, 'qualify')) ?? DEFAULT_QUALIFY_SETTINGS;
}

/** Everything qualify() needs about one deal or lead, read with bounded index lookups. */
export async function gather(db: Db, target: QualificationTarget) {
  let deal: Deal | undefined;
  let lead: Person | undefined;
  if (target.entityType === 'deal') deal = await db.get('deals', target.entityId);
  else lead = await db.get('people', target.entityId);
  if (!deal && !lead) return undefined;
  const accountId = deal?.accountId ?? lead?.accountId;
  // Every read is asked at once and taken in the order it was asked (round trips overlap; the
  // result is the same as reading one after the other).
  const [account, contacts, ofAccount, qualification] = await Promise.all([
    accountId ? db.get('accounts', accountId) : undefined,
    Promise.all((deal?.contactIds ?? []).map((id) => db.get('people', id))),
    accountId ? db.getAllFromIndex('people', 'byAccount', accountId, MAX_PEOPLE) : [],
    db.get('qualifications', target.entityId),
  ]);
  const byId = new Map<string, Person>();
  for (const p of contacts) if (p) byId.set(p.id, p);
  if (lead) byId.set(lead.id, lead);
  for (const p of ofAccount) {
    if (byId.size >= MAX_PEOPLE) break;
    byId.set(p.id, p);
  }
  const people = [...byId.values()];
  const activities = new Map<string, Activity>();
  const lists = await Promise.all([...(deal ? [activitiesFor(db, 'byDealAt', deal.id)] : []), ...people.map((p) => activitiesFor(db, 'byPersonAt', p.id))]);
  for (const list of lists) for (const a of list) activities.set(a.id, a);
  return { deal, lead, account, people, activities: [...activities.values()], qualification };
}

export async function runQualify(
  db: Db,
  target: QualificationTarget,
  now: Date,
  duplicates?: readonly DuplicateHint[],
): Promise<Qualified | undefined> {
  const input = await gather(db, target);
  if (!input) return undefined;
  const settings = await qualifySettingsOf(db);
  // a key account by its share of revenue gets the shorter response SLA too, not only one the CRM flags
  const keyAccount = input.account ? await isKeyAccount(db, input.account, settings.committee.segments, now) : undefined;
  return qualify({ entityType: target.entityType, ...input, ...(keyAccount !== undefined ? { keyAccount } : {}), ...(duplicates?.length ? { duplicates } : {}) }, settings, now);
}

const both = (f: (locale: 'en' | 'es') => string): Bilingual => ({ en: f('en'), es: f('es') });

/** the sidebar shows the two levers that would raise the score most */
const LEVERS_SHOWN = 2;

const ACTIVITY_WORDS: Record<string, Bilingual> = {
  'email-sent': { en: 'e-mail sent', es: 'e-mail enviado' },
  'email-opened': { en: 'e-mail opened', es: 'e-mail abierto' },
  'email-replied': { en: 'e-mail reply', es: 'respuesta por e-mail' },
  call: { en: 'call', es: 'llamada' },
  meeting: { en: 'meeting', es: 'reunión' },
  note: { en: 'note', es: 'nota' },
  'pricing-page-visit': { en: 'pricing page visit', es: 'visita a la página de precios' },
  'case-study-download': { en: 'case study download', es: 'descarga de caso de éxito' },
  'webinar-attended': { en: 'full webinar watched', es: 'webinar completo' },
  'form-submitted': { en: 'form submitted', es: 'formulario enviado' },
  'support-ticket': { en: 'support ticket', es: 'ticket de soporte' },
};

function factWords(fact: ScoreFact, names: Map<string, string>): Bilingual {
  switch (fact.kind) {
    case 'title':
      return { en: `${names.get(fact.personId) ?? ''}: “${fact.title}”`.replace(/^: /, ''), es: `${names.get(fact.personId) ?? ''}: «${fact.title}»`.replace(/^: /, '') };
    case 'employees':
      return { en: `${formatNumber(fact.employees, 'en')} employees`, es: `${formatNumber(fact.employees, 'es')} empleados` };
    case 'industry':
      return { en: fact.industry, es: fact.industry };
    case 'country':
      return { en: fact.country, es: fact.country };
    case 'tier':
      return { en: `ABM ${fact.tier}`, es: `ABM ${fact.tier}` };
    case 'activity': {
      const w = ACTIVITY_WORDS[fact.activityType] ?? { en: fact.activityType, es: fact.activityType };
      const who = fact.personId ? names.get(fact.personId) : undefined;
      return who ? { en: `${w.en} (${who})`, es: `${w.es} (${who})` } : w;
    }
    case 'bant':
      return { en: `${fact.letter}: ${fact.status}`, es: `${fact.letter}: ${fact.status}` };
    case 'element':
      return { en: `${fact.label.en}: ${STATUS_LABELS[fact.status].en}`, es: `${fact.label.es}: ${STATUS_LABELS[fact.status].es}` };
    case 'inactivity':
      return { en: `${formatDays(fact.days, 'en')} without activity`, es: `${formatDays(fact.days, 'es')} sin actividad` };
  }
}

const RISK_WORDS: Record<string, Bilingual> = {
  'champion-left': { en: 'The champion left the company', es: 'El promotor ha dejado la empresa' },
  'economic-buyer-left': { en: 'The economic buyer left the company', es: 'El decisor económico ha dejado la empresa' },
  blocker: { en: 'A blocker is in the buying committee', es: 'Hay un bloqueador en el comité de compra' },
};

function frameworkWords(q: Qualified, names: ReadonlyMap<string, string>): QualificationView['framework'] {
  const { id, name, elements, next, champion } = q.framework;
  const championName = champion.championId ? names.get(champion.championId) : undefined;
  return {
    id,
    name,
    elements,
    ...(next
      ? {
          next: {
            element: next.element,
            label: next.label,
            key: next.key,
            questionId: next.questionId,
            question: next.question,
            ...(next.personId && names.get(next.personId) ? { personName: names.get(next.personId) } : {}),
          },
        }
      : {}),
    ...(championName ? { championName } : {}),
  };
}

export function toQualificationView(q: Qualified, entityName: string, userNames: Record<string, string> = {}): QualificationView {
  const names = new Map(q.committee.members.map((m) => [m.personId, m.name]));
  const buyerId = q.authority.economicBuyerId;
  return {
    entityType: q.entityType,
    entityId: q.entityId,
    entityName,
    bant: q.bant,
    framework: frameworkWords(q, names),
    authority: { economicBuyerName: buyerId ? names.get(buyerId) : undefined, engaged: q.authority.engaged },
    stage: { stage: q.stage.stage, reason: both((l) => describeStage(q.stage.reason, l, FRAMEWORKS[q.framework.id])) },
    score: {
      score: q.score.score,
      band: q.score.band,
      modelVersion: q.score.modelVersion,
      thresholds: q.score.thresholds,
      scale: q.score.thresholds.hot,
      breakdown: q.score.breakdown.map((item) => ({
        ruleId: item.ruleId,
        label: item.label,
        points: item.points,
        fact: factWords(item.fact, names),
        at: item.at,
      })),
      levers: q.score.levers.slice(0, LEVERS_SHOWN).map(({ key, kind, points, action, text }) => ({ key, kind, points, action, text })),
      trend: q.score.trend,
    },
    committee: {
      template: q.template.label,
      required: q.committee.coverage.required,
      filled: q.committee.coverage.filled,
      members: q.committee.members.map((m) => ({
        personId: m.personId,
        name: m.name,
        title: m.title,
        role: m.role,
        roleLabel: m.role ? ROLE_LABELS[m.role] : undefined,
        roleSource: m.roleSource,
        seniority: m.seniority,
        onDeal: m.onDeal,
        leftCompany: m.leftCompany,
        cold: m.cold,
        lastTouchAt: m.lastTouchAt,
      })),
      gaps: q.committee.gaps.map((g) => ({
        role: g.role,
        roleLabel: ROLE_LABELS[g.role],
        lookFor: { en: [...g.lookFor.en], es: [...g.lookFor.es] },
      })),
      risks: q.committee.risks.map((r) => ({
        kind: r.kind,
        personId: r.personId,
        text: { en: `${RISK_WORDS[r.kind]?.en}: ${names.get(r.personId) ?? ''}`, es: `${RISK_WORDS[r.kind]?.es}: ${names.get(r.personId) ?? ''}` },
      })),
    },
    actions: q.actions.map((a) => {
      const en = describeAction(a, 'en');
      const es = describeAction(a, 'es');
      return {
        key: a.key,
        category: a.category,
        priority: a.priority,
        dueAt: a.dueAt,
        overdue: a.overdue,
        personId: a.personId,
        personName: a.personId ? names.get(a.personId) : undefined,
        title: { en: en.title, es: es.title },
        reason: { en: en.reason, es: es.reason },
        question: en.question && es.question ? { en: en.question, es: es.question } : undefined,
      };
    }),
    userNames,
    roles: COMMITTEE_ROLES.map((role) => ({ role, label: ROLE_LABELS[role] })),
  };
}

export async function buildQualificationView(
  db: Db,
  target: QualificationTarget,
  now: Date,
  duplicates?: readonly DuplicateHint[],
): Promise<QualificationView | undefined> {
  const qualified = await runQualify(db, target, now, duplicates);
  if (!qualified) return undefined;
  const name =
    target.entityType === 'deal'
      ? (await db.get('deals', target.entityId))?.name
      : (await db.get('people', target.entityId))?.fullName;
  const userNames = Object.fromEntries((await db.getAll('users')).map((u) => [u.id, u.name]));
  const me = await getSetting(db, 'currentUser');
  if (me) userNames[me.userId] ??= me.name;
  return toQualificationView(qualified, name ?? '', userNames);
}

