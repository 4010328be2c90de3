import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import {
  companyDomainKey,
  companyKey,
  companyTokens,
  domainKey,
  emailKey,
  emailMatchKey,
  emailParts,
  isFreeMailDomain,
  isRoleEmail,
  linkedinKey,
  nameKey,
  parsePersonName,
  phoneE164,
  registrableDomain,
} from './normalize';

const name = (input: Parameters<typeof parsePersonName>[0]) => {
  const n = parsePersonName(input);
  return { given: [...n.given], family: [...n.family] };
};

describe('person names', () => {
  it.each([
    // [input, given, family]
    [{ fullName: 'José María García-López' }, ['jose', 'maria'], ['garcia', 'lopez']],
    [{ fullName: 'Chema Garcia' }, ['jose', 'maria'], ['garcia']],
    [{ fullName: 'María José García López' }, ['maria', 'jose'], ['garcia', 'lopez']],
    [{ fullName: 'Maria Jose Garcia' }, ['maria', 'jose'], ['garcia']],
    [{ fullName: 'García López, José' }, ['jose'], ['garcia', 'lopez']],
    [{ fullName: 'GARCÍA LÓPEZ, JOSÉ' }, ['jose'], ['garcia', 'lopez']],
    [{ fullName: 'José GARCÍA LÓPEZ' }, ['jose'], ['garcia', 'lopez']],
    [{ fullName: 'Dr. John Smith Jr., MBA' }, ['john'], ['smith']],
    [{ fullName: 'María del Carmen de la Fuente Ruiz' }, ['maria', 'carmen'], ['delafuente', 'ruiz']],
    [{ givenName: 'María del Carmen', familyName: 'de la Fuente' }, ['maria', 'carmen'], ['delafuente']],
    [{ givenName: 'Mª José', familyName: 'Pérez' }, ['maria', 'jose'], ['perez']],
    [{ givenName: 'Ma. Fernanda', familyName: 'Rdguez' }, ['maria', 'fernanda'], ['rodriguez']],
    [{ fullName: 'Ana Belén Ortega y Gasset' }, ['ana', 'belen'], ['ortega', 'gasset']],
    [{ fullName: 'J. M. García' }, ['j', 'm'], ['garcia']],
    [{ fullName: 'Josemaria Escrivá' }, ['jose', 'maria'], ['escriva']],
    [{ fullName: 'Juan San Martín' }, ['juan'], ['sanmartin']],
    [{ fullName: 'Paco Pérez (Ventas) | Director Comercial' }, ['paco'], ['perez']],
    [{ fullName: 'Van der Berg, Pieter' }, ['pieter'], ['vanderberg']],
    [{ fullName: 'Íñigo Urquijo' }, ['inigo'], ['urquijo']],
    [{ fullName: "Seán O'Brien" }, ['sean'], ['obrien']],
    [{ givenName: 'Juanjo', familyName: 'Ibáñez' }, ['juan', 'jose'], ['ibanez']],
    [{ givenName: 'Maite', familyName: 'Zubizarreta' }, ['maria', 'teresa'], ['zubizarreta']],
    [{ givenName: 'José García', familyName: '' }, ['jose'], ['garcia']],
  ])('%j → %j %j', (input, given, family) => {
    expect(name(input)).toEqual({ given, family });
  });

  it('keeps another reading of an ambiguous three-word name', () => {
    const n = parsePersonName({ fullName: 'Juan Martín López' });
    expect([n.given, n.family]).toEqual([['juan', 'martin'], ['lopez']]);
    expect(n.alt).toEqual({ given: ['juan'], family: ['martin', 'lopez'] });
  });

  it('marks names read from a nickname for two names', () => {
    expect(parsePersonName({ fullName: 'Chema García' }).expanded).toBe(true);
    expect(parsePersonName({ fullName: 'José García' }).expanded).toBeUndefined();
  });
});

describe('e-mail', () => {
  it.each([
    ['j.o.h.n+crm@gmail.com', 'john@gmail.com'],
    ['John@GoogleMail.com', 'john@gmail.com'],
    ['Juan.Garcia+webinar@Acme.es', 'juan.garcia@acme.es'],
    ['"Juan García" <juan.garcia@acme.com>', 'juan.garcia@acme.com'],
    ['mailto:ana@acme.com.mx', 'ana@acme.com.mx'],
    ['ana.lopez@hotmail.com', 'ana.lopez@hotmail.com'],
    ['not an address', undefined],
  ])('%s → %s', (raw, key) => {
    expect(emailMatchKey(raw)).toBe(key);
  });

  it.each(['info@acme.es', 'Contacto@empresa.mx', 'ventas2@acme.com', 'hola@startup.io', 'no-reply@x.com', 'atencion.al.cliente@banco.co', 'mailto:Compras_01@acme.es', 'Ventas <ventas@acme.es>'])('%s is a role mailbox', (e) => {
    expect(isRoleEmail(e)).toBe(true);
  });

  it.each(['informes.garcia@acme.es', 'ana.ventas@acme.com', 'salesforce.admin.team.lead.ops.emea.2024@acme.com'])('%s is a person', (e) => {
    expect(isRoleEmail(e)).toBe(false);
  });

  it('tells personal from free-mail providers', () => {
    expect(emailParts('ana@gmail.com')).toMatchObject({ freeMail: true, role: false });
    expect(isFreeMailDomain('hotmail.es')).toBe(true);
    expect(isFreeMailDomain('yahoo.com.mx')).toBe(true);
    expect(isFreeMailDomain('acme.es')).toBe(false);
  });

  it('keeps emailKey as the store uses it (lower-case, no other change)', () => {
    expect(emailKey(' J.O.H.N+crm@Gmail.com ')).toBe('j.o.h.n+crm@gmail.com');
    expect(emailKey('nope')).toBeUndefined();
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        const once = emailMatchKey(e);
        return once === undefined || emailMatchKey(once) === once;
      }),
    );
  });
});

describe('phones', () => {
  it.each([
    ['+34 612 34 56 78', 'ES', '+34612345678'],
    ['612345678', 'ES', '+34612345678'],
    ['0034 612-34-56-78', 'ES', '+34612345678'],
    ['91 123 45 67', 'ES', '+34911234567'],
    ['(55) 1234 5678', 'MX', '+525512345678'],
    ['+52 1 55 1234 5678', 'ES', '+525512345678'],
    ['+44 (0)20 7946 0958', 'ES', '+442079460958'],
    ['07946 095 899', 'GB', '+447946095899'],
    ['+54 9 11 4567-8910', 'ES', '+5491145678910'],
    ['+1 (415) 555-0132 ext. 12', 'ES', '+14155550132'],
    ['415-555-0132', 'US', '+14155550132'],
    ['310 123 4567', 'CO', '+573101234567'],
    ['abc', 'ES', undefined],
  ] as const)('%s (%s) → %s', (raw, country, e164) => {
    expect(phoneE164(raw, country)).toBe(e164);
  });

  it('writes numbers the same way libphonenumber-js does (fast paths included)', () => {
    const numbers = fc.oneof(
      fc.tuple(fc.constant('ES' as const), fc.constantFrom('6', '7', '9'), fc.stringMatching(/^\d{8}$/)).map(([c, a, b]) => [c, `${a}${b}`] as const),
      fc.tuple(fc.constant('MX' as const), fc.constantFrom('55', '33', '81'), fc.stringMatching(/^\d{8}$/)).map(([c, a, b]) => [c, `${a}${b}`] as const),
      fc.tuple(fc.constant('CO' as const), fc.constantFrom('300', '310', '320'), fc.stringMatching(/^\d{7}$/)).map(([c, a, b]) => [c, `${a}${b}`] as const),
      fc.tuple(fc.constant('US' as const), fc.constantFrom('212', '415', '305'), fc.stringMatching(/^[2-9]\d{6}$/)).map(([c, a, b]) => [c, `${a}${b}`] as const),
      fc.tuple(fc.constant('GB' as const), fc.stringMatching(/^7[4-9]\d{8}$/)).map(([c, a]) => [c, `0${a}`] as const),
      fc.tuple(fc.constant('CL' as const), fc.stringMatching(/^9\d{8}$/)).map(([c, a]) => [c, a] as const),
    );
    fc.assert(
      fc.property(numbers, fc.constantFrom('', ' ', '-'), ([country, digits], sep) => {
        const written = digits.replace(/(\d{3})(?=\d)/g, `$1${sep}`);
        const lib = parsePhoneNumberFromString(written, country);
        const expected = lib && lib.isPossible() ? lib.number : undefined;
        expect(phoneE164(written, country)).toBe(expected);
        if (expected) {
          expect(phoneE164(expected, 'ES')).toBe(expected); // idempotent, and E.164 needs no country
          const intl = `+${expected.slice(1).replace(/(\d{3})(?=\d)/g, '$1 ')}`;
          expect(phoneE164(intl, 'ES')).toBe(expected);
        }
      }),
    );
  });
});

describe('companies', () => {
  it("reads words that name Object's members as words", () => {
    // the abbreviation tables are looked up by word: "constructor" must not find Object's member
    expect(companyTokens('Constructor Valueof S.A.', true)).toEqual(['constructor', 'valueof']);
    expect(name({ fullName: 'Constructor Hasownproperty' })).toEqual({ given: ['constructor'], family: ['hasownproperty'] });
    expect(name({ givenName: 'Ma.', familyName: 'Glez.' })).toEqual({ given: ['maria'], family: ['gonzalez'] });
  });

  it.each([
    ['ACME S.A. de C.V.', 'Acme'],
    ['Acme, S.A.P.I. de C.V.', 'ACME'],
    ['The Acme Company', 'Acme'],
    ['Iberia Logística, S.L.', 'IBERIA LOGISTICA SL'],
    ['Telefónica España S.A.U.', 'Telefonica España'],
    ['Smith & Sons, LLC', 'Smith and Sons Inc.'],
    ['Rodríguez y Castro S.L.', 'Rodriguez & Castro'],
    ['Éxito S.A.S.', 'Exito SAS'],
    ['Comercial López y Cía. Ltda.', 'Comercial López'],
    ['Siemens GmbH & Co. KG', 'Siemens'],
    ['Alpha SpA', 'ALPHA'],
    ['Soluciones Andinas S.A.C.', 'Soluciones Andinas'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'Grupo Bimbo'],
    ['Northwind Ltd.', 'Northwind Limited'],
    ['Agro Sur S.R.L.', 'Agro Sur'],
  ])('%s ≈ %s', (a, b) => {
    expect(companyKey(a)).toBe(companyKey(b));
  });

  it('keeps names that are only a legal form, and different companies apart', () => {
    expect(companyKey('S.A.')).toBe('sa');
    expect(companyKey('Acme Solutions')).not.toBe(companyKey('Acme Logistics'));
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => companyKey(companyKey(s)) === companyKey(s)));
    fc.assert(fc.property(fc.string(), (s) => nameKey(nameKey(s)) === nameKey(s)));
  });
});

describe('domains', () => {
  it.each([
    ['https://www.acme.com.mx/contacto', 'acme.com.mx'],
    ['ventas.acme.es', 'acme.es'],
    ['juan@mail.acme.co.uk', 'acme.co.uk'],
    ['WWW.Acme.COM', 'acme.com'],
    ['http://shop.acme.com/es/', 'acme.com'],
    ['gmail.com', undefined],
    ['juan@hotmail.es', undefined],
    ['http://192.168.1.1', undefined],
    ['', undefined],
  ])('%s → %s', (raw, key) => {
    expect(companyDomainKey(raw)).toBe(key);
  });

  it('keeps domainKey as the store uses it (host without www.)', () => {
    expect(domainKey('https://www.Ventas.Acme.es/x')).toBe('ventas.acme.es');
    expect(registrableDomain('a.b.acme.com.ar')).toBe('acme.com.ar');
  });
});

describe('LinkedIn URLs', () => {
  it.each([
    ['https://es.linkedin.com/in/juan-garcia-12ab34/', 'in/juan-garcia-12ab34'],
    ['linkedin.com/in/Juan-Garcia?trk=x', 'in/juan-garcia'],
    ['https://www.linkedin.com/in/juan-garcia/en', 'in/juan-garcia'],
    ['https://www.linkedin.com/in/juan-garcia/details/experience/', 'in/juan-garcia'],
    ['https://sy.linkedin.com/pub/krzysztof-marzec/a7/576/b50?trk=biz_employee_pub', 'in/krzysztof-marzec-b50576a7'],
    ['https://www.linkedin.com/company/acme-sa/about/', 'company/acme-sa'],
    ['https://www.linkedin.com/m/in/pepe/', 'in/pepe'],
    ['https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa', 'in/josé-garcía'],
    ['https://www.linkedin.com/pub/dir/juan/garcia', undefined],
    ['https://example.com/in/juan', undefined],
    ['https://linkedin.com.evil.com/in/juan', undefined],
    ['https://www.linkedin.com/feed/', undefined],
  ])('%s → %s', (url, key) => {
    expect(linkedinKey(url)).toBe(key);
  });

  it('reads common URLs the same with and without the URL parser', () => {
    const vanity = fc.stringMatching(/^[a-zA-Z0-9-]{1,30}$/);
    fc.assert(
      fc.property(fc.constantFrom('https://', 'http://', ''), fc.constantFrom('www.', 'es.', 'mx.', ''), fc.constantFrom('in', 'company'), vanity, fc.constantFrom('', '/', '/en', '?trk=a'), (scheme, host, kind, v, tail) => {
        const url = `${scheme}${host}linkedin.com/${kind}/${v}${tail}`;
        const viaParser = (() => {
          const u = new URL(url.startsWith('http') ? url : `https://${url}`);
          const m = /^\/(in|company)\/([^/?#]+)/.exec(u.pathname);
          return m ? `${m[1]}/${decodeURIComponent(m[2]!).toLowerCase()}` : undefined;
        })();
        expect(linkedinKey(url)).toBe(viaParser);
      }),
    );
  });
});
