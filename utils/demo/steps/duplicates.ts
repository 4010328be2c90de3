// Step 3, deliberate duplicates: about 4 % of the people again, as a web form or a second rep
// would enter them (nickname, typo, dropped surname, accents, case, another e-mail, lead
// instead of contact), each pair recorded so the matcher can be scored against it.
import { linkedinKey } from '../../text/normalize';
import * as NAMES from '../data/names';
import { DEMO_USERS, TERRITORIES } from '../data/users';
import { type Rng } from '../prng';
import { stripAccents } from '../text';
import { type DemoContext, type Kind, type LeadStatus, type PersonName, ACCENTED, HOUR, SIZE, iso } from './context';
import { addPerson, freeEmail, isForbiddenName, workEmail } from './people';

const SALES_USER_IDS = DEMO_USERS.filter((u) => u.team !== 'marketing').map((u) => u.id);

function nickname(name: PersonName): string | undefined {
  const map = name.nameLang === 'es' ? NAMES.ES_NICKNAMES : name.nameLang === 'en' ? NAMES.EN_NICKNAMES : {};
  return map[name.first];
}

function typo(rng: Rng, word: string): string {
  const chars = [...word];
  if (chars.length < 4) return `${word}${word[word.length - 1] ?? ''}`;
  const i = rng.int(1, chars.length - 2);
  const op = rng.int(0, 2);
  if (op === 0) {
    const a = chars[i] as string;
    chars[i] = chars[i + 1] as string;
    chars[i + 1] = a;
  } else if (op === 1) chars.splice(i, 1);
  else chars.splice(i, 0, chars[i] as string);
  const out = chars.join('');
  return out === word ? `${word}${chars[chars.length - 1] ?? ''}` : out;
}

export function generateDuplicates(ctx: DemoContext): void {
  const rng = ctx.rng('duplicates');
  const now = ctx.nowMs;
  const originals = ctx.people.slice();
  const target = Math.round(originals.length * SIZE.duplicateShare);
  const withNickname = rng.shuffle(originals.filter((p) => nickname(p.name)));
  const others = rng.shuffle(originals.filter((p) => !nickname(p.name)));
  const queue = [...withNickname.slice(0, Math.round(target * 0.35)), ...rng.shuffle([...withNickname.slice(Math.round(target * 0.35)), ...others])];
  const used = new Set<string>();

  for (const orig of queue) {
    if (ctx.duplicatePairs.length >= target) break;
    if (used.has(orig.person.id)) continue;
    used.add(orig.person.id);
    const o = orig.person;
    const name = orig.name;
    const twoSurnames = name.last.includes(' ');
    const options: [string, number][] = [
      ['case', 10],
      ['typo', 15],
      ['email', 14],
      ['kind', 10],
    ];
    if (nickname(name)) options.push(['nickname', 40]);
    if (twoSurnames) options.push(['drop-surname', 18]);
    if (ACCENTED.test(`${name.first} ${name.last}`)) options.push(['accent', 16]);
    const primary = rng.weighted(options);
    const variations = new Set<string>([primary]);
    if (rng.chance(0.35)) {
      const extra = rng.pick(options.filter(([v]) => v !== primary && v !== 'email' && v !== 'kind'))[0];
      variations.add(extra);
    }

    let first = name.first;
    let last = name.last;
    if (variations.has('nickname')) first = nickname(name) ?? first;
    if (variations.has('drop-surname') && twoSurnames) last = name.surnames[0] ?? last;
    if (variations.has('typo')) {
      const parts = last.split(' ');
      parts[0] = typo(rng, parts[0] ?? last);
      last = parts.join(' ');
    }
    if (variations.has('accent')) {
      first = stripAccents(first);
      last = stripAccents(last);
    }
    if (variations.has('case')) {
      if (rng.chance(0.5)) {
        first = first.toUpperCase();
        last = last.toUpperCase();
      } else {
        first = first.toLowerCase();
        last = last.toLowerCase();
      }
    }
    if (isForbiddenName(`${first} ${last}`)) continue;

    // Kind: web-form leads are the usual source of duplicates.
    let kind: Kind = o.kind === 'contact' ? (variations.has('kind') || rng.chance(0.55) ? 'lead' : 'contact') : 'lead';
    if (o.kind === 'lead' && variations.has('kind') && orig.account) kind = 'contact';
    const linkToAccount = kind === 'contact' || (orig.account !== undefined && rng.chance(0.4));
    const account = linkToAccount ? orig.account : undefined;
    if (kind === 'contact' && !account) kind = 'lead';

    const dupName: PersonName = { ...name, first, last };
    const emails: string[] = [];
    const origEmail = o.emails[0];
    const origIsWork = origEmail !== undefined && orig.domain !== undefined && origEmail.endsWith(`@${orig.domain}`);
    if (variations.has('email')) {
      emails.push(
        origIsWork || !orig.domain
          ? freeEmail(ctx, rng, name, orig.country)
          : workEmail(ctx, rng, name, orig.domain, 'first.last'),
      );
    } else {
      const r = rng.float();
      if (r < 0.45 && origEmail) emails.push(origEmail);
      else if (r < 0.75) emails.push(freeEmail(ctx, rng, name, orig.country));
    }

    const region = TERRITORIES[orig.country.region];
    const sameTeam = kind === 'lead' ? region.sdrs : [...region.aes, ...region.ams];
    const differentOwner = rng.chance(0.65);
    const ownerPool = differentOwner ? sameTeam.filter((u) => u !== o.ownerId) : [];
    const ownerId =
      differentOwner && ownerPool.length > 0
        ? rng.pick(ownerPool)
        : differentOwner
          ? rng.pick(SALES_USER_IDS.filter((u) => u !== o.ownerId))
          : o.ownerId;

    const companyName = account
      ? undefined
      : orig.companyLabel
        ? rng.weighted<string>([
            [orig.companyLabel, 40],
            [stripAccents(orig.companyLabel), 40],
            [orig.companyLabel.toLowerCase(), 20],
          ])
        : o.companyName;

    const createdMs = ctx.snap(Math.min(now - HOUR, orig.createdMs + rng.real(0.1, 1) * (now - orig.createdMs)));
    const dupLinkedin = o.linkedinUrl && rng.chance(0.3) ? o.linkedinUrl : undefined;
    const info = addPerson(ctx, {
      name: dupName,
      country: orig.country,
      account,
      companyLabel: orig.companyLabel,
      domain: orig.domain,
      lang: orig.lang,
      createdMs,
      person: {
        kind,
        firstName: first,
        lastName: last,
        title: rng.chance(0.7) ? o.title : undefined,
        emails,
        phone: o.phone && rng.chance(0.35) ? o.phone : undefined,
        linkedinUrl: dupLinkedin,
        linkedinKey: dupLinkedin ? linkedinKey(dupLinkedin) : undefined,
        accountId: account?.account.id,
        companyName,
        country: o.country,
        city: o.city,
        ownerId,
        leadStatus: kind === 'lead' ? rng.weighted<LeadStatus>([['new', 50], ['working', 30], ['nurturing', 20]]) : undefined,
        createdAt: iso(createdMs),
        updatedAt: iso(ctx.snap(createdMs + rng.real(0, 1) * (now - createdMs))),
        source: 'demo',
      },
    });
    ctx.duplicatePairs.push([o.id, info.person.id]);
  }
}
