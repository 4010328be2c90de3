import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCrmContacts } from '../../bench/match/crm-generator';
import { matchProbability, scoreFeatures, type Band } from './compare';
import { toFeatures } from './features';
import { createMatchIndex } from './match-index';
import { type Reason, renderReasons, renderReasonsDetailed } from './reasons';
import type { MatchRecord } from './record';

let n = 0;
const person = (fields: Omit<MatchRecord, 'id' | 'kind'>): MatchRecord => ({ id: `p${n++}`, kind: 'person', ...fields });
const account = (fields: Omit<MatchRecord, 'id' | 'kind'>): MatchRecord => ({ id: `a${n++}`, kind: 'account', ...fields });
const score = (a: MatchRecord, b: MatchRecord) => scoreFeatures(toFeatures(a), toFeatures(b));

describe('pairs of people', () => {
  const cases: Array<[string, MatchRecord, MatchRecord, Band]> = [
    [
      'a first name typed over at one address, the ID number with two digits swapped (Febrl 3)',
      person({ givenName: 'Zachary', familyName: 'Rollins', address: '16 Fimister Circuit', city: 'Brown Hill', postcode: '5032', state: 'nsw', nationalId: '2423787' }),
      person({ givenName: 'Flynn', familyName: 'Rollins', address: '16 Fimister Circuit', city: 'Brownphill', postcode: '5032', state: 'nsw', nationalId: '2427387' }),
      'duplicate',
    ],
    [
      'siblings at one address with consecutive ID numbers are not one person',
      person({ givenName: 'Zachary', familyName: 'Rollins', address: '16 Fimister Circuit', city: 'Brown Hill', postcode: '5032', state: 'nsw', nationalId: '2423787' }),
      person({ givenName: 'Flynn', familyName: 'Rollins', address: '16 Fimister Circuit', city: 'Brown Hill', postcode: '5032', state: 'nsw', nationalId: '2423788' }),
      'possible',
    ],
    [
      'a nickname and a surname in one state, born on other days, living elsewhere (Febrl 2)',
      person({ givenName: 'Jack', familyName: 'Dixon', address: '95 Shepherdson Place', postcode: '2031', state: 'qld', birthDate: '19151020', nationalId: '5860528' }),
      person({ givenName: 'John', familyName: 'Dixon', address: 'Fraser Court', city: 'Somerset', postcode: '4370', state: 'qld', birthDate: '19990918', nationalId: '8350632' }),
      'possible',
    ],
    [
      'nickname for two names, second surname dropped, same company',
      person({ fullName: 'José María García-López', emails: ['jmgarcia@iberialogistica.es'], companyName: 'Iberia Logística, S.L.' }),
      person({ fullName: 'Chema Garcia', companyName: 'IBERIA LOGISTICA SL' }),
      'duplicate',
    ],
    [
      'Paco / Francisco at the same company',
      person({ givenName: 'Francisco', familyName: 'Pérez', emails: ['fperez@tecnovia.com'], companyName: 'Tecnovía SL' }),
      person({ givenName: 'Paco', familyName: 'Perez', companyName: 'TECNOVIA, S.L.', city: 'Madrid' }),
      'duplicate',
    ],
    [
      'LinkedIn page without e-mail, second surname dropped',
      person({ givenName: 'María José', familyName: 'García López', emails: ['mj.garcia@acme.com.mx'], companyName: 'ACME S.A. de C.V.' }),
      person({ fullName: 'Maria Jose Garcia', companyName: 'Acme' }),
      'duplicate',
    ],
    [
      'Gmail dots and +tag',
      person({ givenName: 'John', familyName: 'Smith', emails: ['j.o.h.n+crm@gmail.com'] }),
      person({ givenName: 'John', familyName: 'Smith', emails: ['john@gmail.com'] }),
      'duplicate',
    ],
    [
      'the same phone written two ways (default country ES)',
      person({ givenName: 'Lucía', familyName: 'Ortega', phones: ['+34 612 34 56 78'] }),
      person({ givenName: 'Lucia', familyName: 'Ortega', phones: ['612345678'] }),
      'duplicate',
    ],
    [
      'the same LinkedIn profile on a localised host',
      person({ fullName: 'Íñigo Urquijo', linkedinUrl: 'https://es.linkedin.com/in/inigo-urquijo-7a1b2c/?originalSubdomain=es' }),
      person({ givenName: 'Inigo', familyName: 'Urquijo Azcárate', linkedinUrl: 'www.linkedin.com/in/inigo-urquijo-7a1b2c', emails: ['iurquijo@bilbotek.es'] }),
      'duplicate',
    ],
    [
      'first and last name swapped, same e-mail',
      person({ givenName: 'García', familyName: 'José', emails: ['jose.garcia@acme.es'] }),
      person({ givenName: 'José', familyName: 'García', emails: ['Jose.Garcia@acme.es'] }),
      'duplicate',
    ],
    [
      'changed jobs: same mobile, new company',
      person({ givenName: 'Beatriz', familyName: 'Zubizarreta', emails: ['bzubizarreta@oldco.es'], phones: ['+34 699 12 34 56'], companyName: 'OldCo SA' }),
      person({ givenName: 'Bea', familyName: 'Zubizarreta', emails: ['beatriz.zubizarreta@newco.com'], phones: ['699123456'], companyName: 'NewCo Inc' }),
      'duplicate',
    ],
    [
      'colleagues with the same surnames',
      person({ givenName: 'Ana', familyName: 'Pérez Ruiz', emails: ['ana.perez@solvia.es'], companyName: 'Solvia S.A.' }),
      person({ givenName: 'Juan', familyName: 'Pérez Ruiz', emails: ['juan.perez@solvia.es'], companyName: 'Solvia S.A.' }),
      'distinct',
    ],
    [
      'Juan Carlos and Juan Pablo (at most worth a look)',
      person({ givenName: 'Juan Carlos', familyName: 'Pérez', companyName: 'Acme' }),
      person({ givenName: 'Juan Pablo', familyName: 'Pérez', companyName: 'Acme' }),
      'possible',
    ],
    [
      'different second surnames',
      person({ givenName: 'María', familyName: 'García López', emails: ['maria.garcia@acme.es'] }),
      person({ givenName: 'María', familyName: 'García Pérez', emails: ['mgarcia@beta.es'] }),
      'distinct',
    ],
    [
      'the same common name at two companies, nothing else shared',
      person({ givenName: 'José', familyName: 'García', emails: ['jose.garcia@acme.es'], phones: ['+34 611 11 11 11'], companyName: 'Acme' }),
      person({ givenName: 'José', familyName: 'García', emails: ['jgarcia@beta.mx'], phones: ['+52 55 1111 2222'], companyName: 'Beta' }),
      'distinct',
    ],
  ];

  it.each(cases)('%s', (_, a, b, band) => {
    const s = score(a, b);
    expect(s.band, `score ${s.score}: ${renderReasons(s.reasons)}`).toBe(band);
    expect(score(b, a).score).toBe(s.score);
  });

  it('explains itself in English and Spanish', () => {
    const s = score(
      person({ givenName: 'Francisco', familyName: 'Pérez López', emails: ['fperez@tecnovia.com'], companyName: 'Tecnovía SL' }),
      person({ givenName: 'Paco', familyName: 'Pérez', emails: ['FPerez@Tecnovia.com'], companyName: 'Tecnovia' }),
    );
    // in words, beside the one number the rep reads (the probability)
    expect(renderReasons(s.reasons, 'en')).toBe('same e-mail · similar name (nickname, second surname missing) · same company domain');
    expect(renderReasons(s.reasons, 'es')).toBe('mismo e-mail · nombre parecido (hipocorístico, falta el segundo apellido) · mismo dominio de empresa');
    // the dedupe CLI's detailed form keeps each comparator's similarity
    expect(renderReasonsDetailed(s.reasons, 'en')).toMatch(/^same e-mail \+ name 0\.\d\d \(nickname, second surname missing\) \+ same company domain$/);
    expect(renderReasonsDetailed(s.reasons, 'es')).toMatch(/^mismo e-mail \+ nombre 0,\d\d \(hipocorístico, falta el segundo apellido\) \+ mismo dominio de empresa$/);
    expect(matchProbability(s.score)).toBeGreaterThan(0.99);
  });

  it('says against-reasons in words too, and never a similarity figure', () => {
    const s = score(
      person({ givenName: 'María José', familyName: 'García López', phones: ['+34 611 11 11 11'], companyName: 'Iberia Logística', country: 'ES' }),
      person({ givenName: 'María José', familyName: 'García', phones: ['+34 622 22 22 22'], companyName: 'Iberia Logística S.L.', country: 'ES' }),
    );
    for (const lang of ['en', 'es'] as const) {
      const words = renderReasons(s.reasons, lang);
      expect(words).not.toMatch(/\d/);
      expect(words).not.toMatch(/ [+-] /);
    }
    expect(renderReasons(s.reasons, 'en')).toContain('similar name (second surname missing)');
    expect(renderReasons(s.reasons, 'en')).toContain('different phone');
    expect(renderReasons(s.reasons, 'es')).toContain('nombre parecido (falta el segundo apellido)');
    expect(renderReasons(s.reasons, 'es')).toContain('teléfono distinto');
  });
});

describe('pairs of accounts', () => {
  it.each([
    ['legal form and www', account({ companyName: 'ACME S.A. de C.V.', companyDomain: 'acme.com.mx' }), account({ companyName: 'Acme', companyDomain: 'https://www.acme.com.mx/contacto' }), 'duplicate'],
    ['"The", "&" and LLC', account({ companyName: 'The Smith & Sons Company', country: 'US' }), account({ companyName: 'Smith and Sons, LLC', country: 'US' }), 'duplicate'],
    ['same LinkedIn page', account({ companyName: 'Iberia Logística', linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica/' }), account({ companyName: 'Iberia Logistica S.L.', linkedinUrl: 'es.linkedin.com/company/iberia-logistica/about' }), 'duplicate'],
    ['namesakes in two countries', account({ companyName: 'Acme S.A. de C.V.', companyDomain: 'acme.com.mx', country: 'MX' }), account({ companyName: 'Acme Corp.', companyDomain: 'acme.com', country: 'US' }), 'distinct'],
  ] as Array<[string, MatchRecord, MatchRecord, Band]>)('%s', (_, a, b, band) => {
    const s = score(a, b);
    expect(s.band, `score ${s.score}: ${renderReasons(s.reasons)}`).toBe(band);
  });

  it('says why two companies match in words', () => {
    const reasons: Reason[] = [
      { code: 'same-domain', weight: 9 },
      { code: 'similar-company-name', weight: 3, sim: 0.93 },
      { code: 'different-city', weight: -1.2 },
    ];
    expect(renderReasons(reasons, 'en')).toBe('same domain · similar company name · different city');
    expect(renderReasons(reasons, 'es')).toBe('mismo dominio · nombre de empresa parecido · ciudad distinta');
    expect(renderReasonsDetailed(reasons, 'en')).toBe('same domain + company name 0.93 - different city');
    expect(renderReasonsDetailed(reasons, 'es')).toBe('mismo dominio + nombre de empresa 0,93 - ciudad distinta');
  });

  it('never matches a person with an account', () => {
    const s = score(person({ fullName: 'Acme' }), account({ companyName: 'Acme' }));
    expect(s.band).toBe('distinct');
  });
});

describe('symmetry', () => {
  const set = generateCrmContacts({ seed: 3, people: 150 });
  const index = createMatchIndex();
  const features = set.records.map((r) => index.add(r));
  it('score(a, b) === score(b, a), with and without frequency statistics', () => {
    fc.assert(
      fc.property(fc.nat(features.length - 1), fc.nat(features.length - 1), (i, j) => {
        const a = features[i]!;
        const b = features[j]!;
        expect(scoreFeatures(a, b, { explain: false }).score).toBe(scoreFeatures(b, a, { explain: false }).score);
        expect(scoreFeatures(a, b, { stats: index, explain: false }).score).toBe(scoreFeatures(b, a, { stats: index, explain: false }).score);
      }),
      { numRuns: 500 },
    );
  });
});
