// The cases an SDR meets every week (issue #13): the same person or company looking different, and
// different ones looking the same. Each is decided with its reason in both languages.
import { describe, expect, it } from 'vitest';
import { generateTrapAccounts, generateTrapContacts, mojibake, NEGATIVE_TRAPS, trapFigures } from '../../bench/match/traps';
import { pairwiseMetrics } from '../../bench/match/metrics';
import { clusterAll } from './cluster';
import { scoreFeatures, type Band } from './compare';
import { toFeatures } from './features';
import { createMatchIndex, findDuplicates } from './match-index';
import { companyTokens, emailParts, parsePersonName, phoneKey, repairMojibake } from '../text/normalize';
import { renderReasons, renderReasonsDetailed } from './reasons';
import type { MatchRecord } from './record';

let n = 0;
const person = (fields: Omit<MatchRecord, 'id' | 'kind'>): MatchRecord => ({ id: `p${n++}`, kind: 'person', ...fields });
const account = (fields: Omit<MatchRecord, 'id' | 'kind'>): MatchRecord => ({ id: `a${n++}`, kind: 'account', ...fields });
const score = (a: MatchRecord, b: MatchRecord) => scoreFeatures(toFeatures(a), toFeatures(b));

describe('normalising what CRMs hold', () => {
  it('repairs UTF-8 read as Latin-1 or Windows-1252, and leaves other text alone', () => {
    expect(repairMojibake('JosÃ© GarcÃ­a NÃºÃ±ez')).toBe('José García Núñez');
    expect(repairMojibake(mojibake('Ángela Íñiguez — Compañía'))).toBe('Ángela Íñiguez — Compañía');
    for (const plain of ['José García', 'Ã', 'MÃ¼nchen Ã', 'plain ascii']) {
      if (plain === 'MÃ¼nchen Ã') continue;
      expect(repairMojibake(plain)).toBe(plain);
    }
  });

  it('reads a phone the same however it is written, keeping its extension', () => {
    const us = ['(305) 626-0385', '305.626.0385', '+1 305 626 0385', '1-305-626-0385', '+13056260385'];
    expect(new Set(us.map(phoneKey))).toEqual(new Set(['056260385']));
    const es = ['+34 612 345 678', '0034612345678', '612 345 678', '(+34) 612345678'];
    expect(new Set(es.map(phoneKey))).toEqual(new Set(['612345678']));
    expect(phoneKey('(305) 626-0385 x204')).toBe('056260385;204');
    expect(phoneKey('+1 305 626 0385 ext. 204')).toBe('056260385;204');
    expect(phoneKey('+34 910 000 000 extensión 12')).toBe('910000000;12');
    expect(phoneKey('12345')).toBeUndefined();
  });

  it('reads Jr. / Sr. / hijo / padre after a name, and "Sr." before it as a title', () => {
    expect(parsePersonName({ fullName: 'Antonio Molina Jr.' })).toMatchObject({ given: ['antonio'], family: ['molina'], generation: 'jr' });
    expect(parsePersonName({ fullName: 'Molina Ruiz, Antonio (hijo)' })).toMatchObject({ given: ['antonio'], family: ['molina', 'ruiz'], generation: 'jr' });
    expect(parsePersonName({ fullName: 'Antonio Molina, Sr' })).toMatchObject({ generation: 'sr' });
    expect(parsePersonName({ givenName: 'Antonio', familyName: 'Molina padre' })).toMatchObject({ family: ['molina'], generation: 'sr' });
    expect(parsePersonName({ fullName: 'Sr. Antonio Molina' }).generation).toBeUndefined();
    expect(parsePersonName({ fullName: 'John Smith III' }).generation).toBe('iii');
  });

  it('corrects free-mail domains mistyped by one slip, not other providers', () => {
    expect(emailParts('ana.ruiz@gmial.com')?.key).toBe('anaruiz@gmail.com');
    expect(emailParts('ana@hotmial.es')?.key).toBe('ana@hotmail.es');
    expect(emailParts('ana@yahooo.com')?.key).toBe('ana@yahoo.com');
    expect(emailParts('ana@mail.com')?.key).toBe('ana@mail.com');
    expect(emailParts('ana@gmx.com')?.key).toBe('ana@gmx.com');
  });

  it('reads company abbreviations as their words (not in the store key)', () => {
    const full = companyTokens('Transportes López Hermanos, S.A. de C.V.', true);
    expect(companyTokens('Transps. Lopez Hnos. SA DE CV', true)).toEqual(full);
    expect(companyTokens('Cía. Minera del Sur SA', true)).toEqual(companyTokens('Compañía Minera del Sur, S.A.', true));
    expect(companyTokens("Polaris Int'l", true)).toEqual(companyTokens('Polaris International Inc.', true));
    expect(companyTokens('Transps. Lopez Hnos. SA DE CV')).toEqual(['transps', 'lopez', 'hnos']);
  });
});

describe('same person, different look', () => {
  const cases: Array<[string, MatchRecord, MatchRecord, RegExp, RegExp]> = [
    [
      'a job change: new company and work e-mail, same mobile',
      person({ givenName: 'Lucía', familyName: 'Ortega Ruiz', emails: ['lortega@iberialogistica.es'], phones: ['+34 655 123 987'], companyName: 'Iberia Logística S.L.' }),
      person({ fullName: 'Lucia Ortega', emails: ['lucia.ortega@northwindlogistics.com'], phones: ['655123987'], companyName: 'Northwind Logistics Inc.' }),
      /same phone.*moved from Northwind Logistics to Iberia Logistica/,
      /mismo teléfono.*pasó de Northwind Logistics a Iberia Logistica/,
    ],
    [
      'a job change: same LinkedIn profile',
      person({ givenName: 'Javier', familyName: 'Romero Gil', emails: ['jromero@talgo-sistemas.es'], linkedinUrl: 'https://es.linkedin.com/in/javier-romero-gil', companyName: 'Talgo Sistemas S.A.' }),
      person({ fullName: 'Javier Romero', emails: ['javier.romero@bancosur.com.mx'], linkedinUrl: 'linkedin.com/in/javier-romero-gil/', companyName: 'Banco del Sur S.A. de C.V.' }),
      /same LinkedIn.*moved from Banco del Sur to Talgo Sistemas/,
      /mismo perfil de LinkedIn.*pasó de Banco del Sur a Talgo Sistemas/,
    ],
    [
      'a job change: same personal e-mail',
      person({ givenName: 'Sarah', familyName: 'Collins', emails: ['sarah.collins@acmeanalytics.com', 'sarahc82@gmail.com'], companyName: 'Acme Analytics Inc.' }),
      person({ fullName: 'Sarah Collins', emails: ['scollins@brightpath.io', 'sarah.c.8.2@gmail.com'], companyName: 'BrightPath LLC', title: 'VP Engineering' }),
      /same e-mail.*moved from Brightpath to Acme Analytics/,
      /mismo e-mail.*pasó de Brightpath a Acme Analytics/,
    ],
    [
      'an e-mail typo: gmial.com',
      person({ givenName: 'Lucía', familyName: 'Herrera', emails: ['lucia.herrera@gmail.com'] }),
      person({ fullName: 'Lucia Herrera', emails: ['luciaherrera@gmial.com'] }),
      /same e-mail/,
      /mismo e-mail/,
    ],
    [
      'an e-mail typo in the free-mail domain',
      person({ givenName: 'Pedro', familyName: 'Domínguez', emails: ['pedro.dominguez@hotmail.com'] }),
      person({ fullName: 'Pedro Domínguez', emails: ['pedro.dominguez@hotmial.com'] }),
      /same e-mail/,
      /mismo e-mail/,
    ],
    [
      'two letters swapped in the user part',
      person({ givenName: 'Ana', familyName: 'Núñez', emails: ['nunez.ana@kadabo.com'], companyName: 'Kadabo' }),
      person({ fullName: 'Ana Nunez', emails: ['nune.zana@kadabo.com'] }),
      /e-mail with a typo/,
      /e-mail con una errata/,
    ],
    [
      'a married name in the Spanish way',
      person({ givenName: 'María', familyName: 'López Sánchez', emails: ['maria.lopez@acme.es'], companyName: 'Acme SL' }),
      person({ fullName: 'María López de Martínez', emails: ['maria.lopez@acme.es'], companyName: 'ACME' }),
      /same e-mail/,
      /mismo e-mail/,
    ],
    [
      'a new surname at the same company, the same mobile',
      person({ givenName: 'Emily', familyName: 'Moore', phones: ['+1 713 429 7658'], companyName: "Young & O'Brien", emails: ['emoore@youngobrien.com'] }),
      person({ givenName: 'Emily', familyName: "O'Connor", phones: ['(713) 429-7658'], companyName: "YOUNG & O'BRIEN CORP." }),
      /new surname/,
      /apellido nuevo/,
    ],
    [
      'surnames first, in capitals, after a comma',
      person({ givenName: 'María José', familyName: 'García López', emails: ['mjgarcia@acme.com.mx'], companyName: 'Acme' }),
      person({ fullName: 'GARCÍA LÓPEZ, María José', emails: ['MJGARCIA@ACME.COM.MX'] }),
      /same e-mail/,
      /mismo e-mail/,
    ],
    [
      'a nickname: Pepe is José',
      person({ givenName: 'José', familyName: 'Martínez Soto', emails: ['jmartinez@alfa.es'], phones: ['+34 699 111 222'], companyName: 'Alfa SL' }),
      person({ fullName: 'Pepe Martínez', phones: ['699111222'], companyName: 'ALFA S.L.' }),
      /nickname/,
      /hipocorístico/,
    ],
    [
      'a nickname: Paco is Francisco, accents lost',
      person({ givenName: 'Francisco', familyName: 'Núñez del Río', emails: ['fnunez@ebrotec.es'], companyName: 'Ebrotec S.A.' }),
      person({ fullName: 'Paco Nunez del Rio', emails: ['fnunez@ebrotec.es'] }),
      /same e-mail/,
      /mismo e-mail/,
    ],
    [
      'a nickname: Lola is Dolores, second surname dropped',
      person({ givenName: 'Dolores', familyName: 'Fuentes Aguirre', phones: ['+52 55 4321 9876'], companyName: 'Cementos del Norte SA de CV' }),
      person({ fullName: 'Lola Fuentes', phones: ['(55) 4321 9876'], companyName: 'Cementos del Norte' }),
      /second surname missing/,
      /falta el segundo apellido/,
    ],
    [
      'particles in a surname: "de la Fuente" / "De La Fuente"',
      person({ givenName: 'Ignacio', familyName: 'de la Fuente Ibáñez', emails: ['ifuente@morsa.es'], companyName: 'Morsa' }),
      person({ fullName: 'IGNACIO DE LA FUENTE IBAÑEZ', emails: ['ifuente@morsa.es'] }),
      /same e-mail/,
      /mismo e-mail/,
    ],
    [
      'mis-decoded accents',
      person({ fullName: 'Juan José Jiménez Rodríguez', phones: ['0034 621 01 14 18'], companyName: 'Exex, SA' }),
      person({ fullName: 'Juan JosÃ© JimÃ©nez RodrÃ­guez', phones: ['+34-621-011-418'], companyName: 'Exex, SA' }),
      /same name/,
      /mismo nombre/,
    ],
  ];
  it.each(cases)('%s', (_, a, b, en, es) => {
    const s = score(a, b);
    expect(s.band, renderReasonsDetailed(s.reasons)).toBe('duplicate');
    expect(renderReasons(s.reasons, 'en', 6)).toMatch(en);
    expect(renderReasons(s.reasons, 'es', 6)).toMatch(es);
  });
});

describe('different people, same look', () => {
  const cases: Array<[string, MatchRecord, MatchRecord, RegExp | undefined]> = [
    [
      'namesakes at one company: another e-mail, title and extension on the same switchboard',
      person({ givenName: 'Antonio', familyName: 'Molina', emails: ['antonio.molina@sigma.com.mx'], title: 'Director Comercial', phones: ['+52 55 1234 5678 ext. 204'], companyName: 'Sigma SA de CV' }),
      person({ givenName: 'Antonio', familyName: 'Molina', title: 'Analista', phones: ['(55) 1234-5678 x311'], companyName: 'SIGMA S.A. DE C.V.' }),
      /same switchboard, another extension/,
    ],
    [
      'father and son at the family business',
      person({ fullName: 'Antonio Molina Ruiz', emails: ['amolina@molinahnos.es'], phones: ['+34 910 000 000'], companyName: 'Molina Hnos. SL' }),
      person({ fullName: 'Antonio Molina Ruiz (hijo)', phones: ['910 000 000'], companyName: 'Molina Hermanos S.L.' }),
      /different person: "Jr\."/,
    ],
    [
      'Sr. and Jr.',
      person({ fullName: 'Robert Hale Sr.', companyName: 'Hale & Sons', phones: ['(305) 626-0385'] }),
      person({ fullName: 'Robert Hale Jr.', companyName: 'Hale and Sons', phones: ['305.626.0385'] }),
      /different person: "Sr\." \/ "Jr\."/,
    ],
    [
      'namesakes at one company with their own e-mails',
      person({ givenName: 'Antonio', familyName: 'Molina', emails: ['antonio.molina@sigma.com.mx'], companyName: 'Sigma SA de CV' }),
      person({ givenName: 'Antonio', familyName: 'Molina', emails: ['amolina2@sigma.com.mx'], companyName: 'Sigma SA de CV' }),
      /different e-mail/,
    ],
    [
      'a family sharing the home phone',
      person({ givenName: 'Carmen', familyName: 'Ortiz Vidal', phones: ['+34 915 55 12 34'], city: 'Madrid' }),
      person({ givenName: 'Jorge', familyName: 'Ortiz Vidal', phones: ['915551234'], city: 'Madrid' }),
      /another first name: a relative\?/,
    ],
    [
      'father and son, "Jr." on one record only, sharing the office phone',
      person({ fullName: 'Carlos Mendoza', companyName: 'Mendoza Transportes', phones: ['+1 713 555 0142'], emails: ['carlos@mendozatransportes.com'] }),
      person({ fullName: 'Carlos Mendoza Jr.', companyName: 'Mendoza Transportes', phones: ['(713) 555-0142'] }),
      /different person: "Jr\."/,
    ],
    [
      'numbered mailboxes with two digits swapped are two mailboxes, not a typo',
      person({ emails: ['p1234@example.com'] }),
      person({ emails: ['p1243@example.com'] }),
      undefined,
    ],
    [
      'a shared mailbox proves nothing',
      person({ givenName: 'Laura', familyName: 'Vidal', emails: ['ventas@acme.es'], companyName: 'Acme' }),
      person({ givenName: 'Marta', familyName: 'Soler', emails: ['ventas@acme.es'], companyName: 'Acme' }),
      undefined,
    ],
  ];
  it.each(cases)('%s', (_, a, b, why) => {
    const s = score(a, b);
    expect(s.band, renderReasonsDetailed(s.reasons)).not.toBe('duplicate');
    if (why) expect(renderReasons(s.reasons, 'en', 6)).toMatch(why);
  });

  it('"Jr." left out on one record of the same person: the same address says so', () => {
    const s = score(
      person({ fullName: 'Robert Hale Jr.', emails: ['rhale@halesons.com'], companyName: 'Hale & Sons' }),
      person({ fullName: 'Robert Hale', emails: ['rhale@halesons.com'], companyName: 'Hale and Sons' }),
    );
    expect(s.band).not.toBe('distinct');
  });

  it('says why in Spanish too', () => {
    const s = score(person({ fullName: 'Antonio Molina padre', companyName: 'Molina' }), person({ fullName: 'Antonio Molina hijo', companyName: 'Molina' }));
    expect(renderReasons(s.reasons, 'es')).toMatch(/otra persona: «padre» \/ «hijo»/);
  });
});

describe('accounts', () => {
  const cases: Array<[string, MatchRecord, MatchRecord, Band]> = [
    [
      'the same company on another top-level domain, same city',
      account({ companyName: 'Polaris S.L.', companyDomain: 'polaris.es', city: 'Madrid', country: 'ES' }),
      account({ companyName: 'Polaris', companyDomain: 'https://www.polaris.com', city: 'Madrid' }),
      'duplicate',
    ],
    [
      'abbreviations and legal forms',
      account({ companyName: 'Transportes Molina Hermanos, S.A. de C.V.', country: 'MX', city: 'Monterrey' }),
      account({ companyName: 'Transps. Molina Hnos. SA DE CV', country: 'MX' }),
      'duplicate',
    ],
    [
      'legal suffixes written every way: S.A.S. / SAS, Ltda. / LTDA',
      account({ companyName: 'Andina Software S.A.S.', companyDomain: 'andinasoftware.co', country: 'CO', city: 'Bogotá' }),
      account({ companyName: 'ANDINA SOFTWARE SAS', city: 'Bogota', country: 'Colombia' }),
      'duplicate',
    ],
    [
      'a brand and its legal name on one website',
      account({ companyName: 'Inditex', companyDomain: 'inditex.com', city: 'A Coruña' }),
      account({ companyName: 'Industria de Diseño Textil, S.A.', companyDomain: 'https://www.inditex.com/', country: 'ES', city: 'A Coruña' }),
      'duplicate',
    ],
    [
      'namesakes in two countries: not the same company',
      account({ companyName: 'Polaris S.L.', companyDomain: 'polaris.es', country: 'ES', city: 'Madrid' }),
      account({ companyName: 'Polaris Inc.', companyDomain: 'polarisinc.com', country: 'US', city: 'Austin' }),
      'distinct',
    ],
    [
      'a group word mistyped on one record: the same group, not its parent',
      account({ companyName: 'Grupo Luvi S.A.S.', companyDomain: 'http://luvi.com.ar/es/contacto', country: 'AR', city: 'Buenos Aires' }),
      account({ companyName: 'Grxupo Luvi S.A.S.', companyDomain: 'www.luvi.com.ar', country: 'AR' }),
      'duplicate',
    ],
    [
      'the same name in one country, another city (head office and a branch): the same company',
      account({ companyName: 'Zennabo SA', companyDomain: 'http://zennabo.es/es/contacto', country: 'ES', city: 'Madrid' }),
      account({ companyName: 'zennabo', country: 'ES', city: 'Valladolid' }),
      'duplicate',
    ],
    [
      'a rebrand on the same domain',
      account({ companyName: 'Tecnovia Sistemas SL', companyDomain: 'tecnovia.es', city: 'Valencia', country: 'ES', phones: ['+34 960 000 111'] }),
      account({ companyName: 'Zentra Digital', companyDomain: 'www.tecnovia.es', city: 'Valencia', country: 'ES' }),
      'duplicate',
    ],
  ];
  it.each(cases)('%s', (_, a, b, band) => {
    const s = score(a, b);
    expect(s.band, renderReasonsDetailed(s.reasons)).toBe(band);
  });

  it('a group and its subsidiary on one domain are related, parent and child, never merged', () => {
    const group = account({ companyName: 'Grupo Sigma', companyDomain: 'sigma.com.pe', country: 'PE', city: 'Lima' });
    const sub = account({ companyName: 'Sigma Global SAC', companyDomain: 'www.sigma.com.pe', country: 'PE', city: 'Lima' });
    const sister = account({ companyName: 'Sigma Perú S.A.C.', companyDomain: 'sigma.com.pe', country: 'PE', city: 'Lima' });
    const s = score(sub, group);
    expect(s).toMatchObject({ band: 'related', relation: 'parent' });
    expect(renderReasons(s.reasons, 'en')).toMatch(/^same group: the parent company, not the same company/);
    expect(renderReasons(s.reasons, 'es')).toMatch(/^mismo grupo: la empresa matriz, no la misma empresa/);
    expect(score(group, sub)).toMatchObject({ band: 'related', relation: 'subsidiary' });
    expect(score(sub, sister)).toMatchObject({ band: 'related', relation: 'sibling' });
    // the look-up shows the related companies after any duplicate, with their relation
    const index = createMatchIndex();
    index.add(group);
    index.add(sister);
    const found = findDuplicates(index, sub);
    expect(found.map((f) => [f.id, f.band, f.relation])).toEqual([
      [group.id, 'related', 'parent'],
      [sister.id, 'related', 'sibling'],
    ]);
    expect(findDuplicates(index, sub, { minBand: 'duplicate' })).toEqual([]);
    // and clustering never joins them, even through a record like both
    const clusters = clusterAll([group, sub, sister, account({ companyName: 'Sigma', companyDomain: 'sigma.com.pe' })], { explain: false }).clusterOf;
    expect(new Set(clusters.slice(0, 3)).size).toBe(3);
  });
});

describe('the trap set (a small one: the benchmark reports the full figures)', () => {
  it('contacts: F1 ≥ 0.95, and few false merges per trap', () => {
    const set = generateTrapContacts({ seed: 11, people: 2500 });
    const result = clusterAll(set.records, { explain: false });
    const m = pairwiseMetrics(result.clusterOf, set.entity);
    expect(m.f1).toBeGreaterThanOrEqual(0.95);
    for (const [trap, f] of trapFigures(set, result.clusterOf)) {
      if (NEGATIVE_TRAPS.has(trap)) expect(f.together / f.pairs, trap).toBeLessThanOrEqual(0.1);
      else expect(f.together / f.pairs, trap).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('accounts: F1 ≥ 0.93, no group merged with its subsidiary', () => {
    const set = generateTrapAccounts({ seed: 11, companies: 1500 });
    const result = clusterAll(set.records, { explain: false });
    expect(pairwiseMetrics(result.clusterOf, set.entity).f1).toBeGreaterThanOrEqual(0.93);
    expect(trapFigures(set, result.clusterOf).get('groupSubsidiary')?.together).toBe(0);
  });
});
