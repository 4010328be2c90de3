// Which CSV column holds what: the headers of HubSpot, Salesforce (English and Spanish) and
// Pipedrive exports, recognised automatically (pure). Shared by the dedupe CLI (scripts/dedupe,
// which adds `--map` overrides) and the options page's CSV import (adjustable in the page).
import { nameKey } from '../match/normalize';

export type Kind = 'contacts' | 'accounts';

export const FIELDS = [
  'givenName',
  'familyName',
  'fullName',
  'email',
  'phone',
  'companyName',
  'companyDomain',
  'linkedinUrl',
  'city',
  'country',
  'postcode',
  'address',
  'title',
] as const;
export type Field = (typeof FIELDS)[number];

/** Fields that may take several columns (all their values are used). */
const MULTI: ReadonlySet<Field> = new Set(['email', 'phone']);

// Header aliases, compared after nameKey() (lower case, no accents, punctuation → spaces).
const PERSON_ALIASES: Record<Field, string[]> = {
  givenName: ['first name', 'firstname', 'given name', 'nombre', 'nombre de pila', 'person first name', 'contact first name', 'lead first name'],
  familyName: ['last name', 'lastname', 'surname', 'family name', 'apellidos', 'apellido', 'person last name', 'contact last name', 'lead last name'],
  fullName: ['name', 'full name', 'contact name', 'lead name', 'person name', 'contact', 'nombre completo', 'nombre del contacto', 'nombre del candidato'],
  email: [
    'email', 'e mail', 'email address', 'work email', 'personal email', 'email 2', 'secondary email', 'other email',
    'person email', 'person email work', 'person email home', 'person email other', 'contact email', 'lead email',
    'correo', 'correo electronico', 'email del contacto', 'direccion de correo electronico',
  ],
  phone: [
    'phone', 'phone number', 'mobile', 'mobile phone', 'mobile phone number', 'work phone', 'home phone', 'other phone',
    'person phone', 'person phone work', 'person phone mobile', 'person phone home', 'person phone other',
    'telefono', 'numero de telefono', 'movil', 'telefono movil', 'celular', 'telefono del trabajo',
  ],
  companyName: [
    'company', 'company name', 'account name', 'associated company', 'organization', 'organization name', 'organisation',
    'person organization', 'empresa', 'nombre de la cuenta', 'nombre de la empresa', 'compania', 'organizacion', 'cuenta',
  ],
  companyDomain: ['website', 'website url', 'company domain name', 'domain', 'company website', 'organization website', 'sitio web', 'dominio', 'pagina web', 'dominio de la empresa'],
  linkedinUrl: ['linkedin', 'linkedin url', 'linkedin profile', 'linkedin profile url', 'person linkedin', 'perfil de linkedin', 'url de linkedin'],
  city: ['city', 'mailing city', 'person city', 'ciudad', 'ciudad de correo', 'localidad', 'poblacion'],
  country: ['country', 'country region', 'mailing country', 'pais', 'pais de correo', 'pais region'],
  postcode: ['zip', 'postal code', 'postcode', 'zip code', 'mailing zip postal code', 'mailing postal code', 'codigo postal', 'cp'],
  address: ['street address', 'mailing street', 'address', 'direccion', 'calle de correo', 'domicilio'],
  title: ['title', 'job title', 'position', 'person job title', 'cargo', 'puesto', 'titulo'],
};

const ACCOUNT_ALIASES: Record<Field, string[]> = {
  givenName: [],
  familyName: [],
  fullName: [],
  email: ['email', 'company email', 'organization email', 'correo', 'correo electronico'],
  phone: ['phone', 'phone number', 'company phone', 'organization phone', 'telefono', 'telefono de la empresa'],
  companyName: [
    'company name', 'company', 'account name', 'name', 'organization', 'organization name', 'organisation',
    'nombre de la cuenta', 'nombre de la empresa', 'nombre', 'empresa', 'razon social', 'organizacion', 'cuenta',
  ],
  companyDomain: ['website', 'website url', 'company domain name', 'domain', 'organization website', 'sitio web', 'dominio', 'pagina web', 'dominio de la empresa'],
  linkedinUrl: ['linkedin', 'linkedin company page', 'linkedin url', 'linkedin page', 'organization linkedin', 'pagina de linkedin'],
  city: ['city', 'billing city', 'shipping city', 'organization city', 'ciudad', 'ciudad de facturacion', 'localidad'],
  country: ['country', 'country region', 'billing country', 'shipping country', 'pais', 'pais de facturacion', 'pais region'],
  postcode: ['zip', 'postal code', 'billing zip postal code', 'billing postal code', 'codigo postal', 'cp'],
  address: ['street address', 'billing street', 'address', 'organization address', 'direccion', 'calle de facturacion', 'domicilio'],
  title: [],
};

/** field → column indexes */
export type ColumnMap = Partial<Record<Field, number[]>>;

export function normalise(header: string): string {
  return nameKey(header.replace(/^\uFEFF/, ''));
}

/** Recognise the columns of an export by their headers. */
export function autoMap(headers: readonly string[], kind: Kind): ColumnMap {
  const aliases = kind === 'contacts' ? PERSON_ALIASES : ACCOUNT_ALIASES;
  const normal = headers.map(normalise);
  const map: ColumnMap = {};
  const taken = new Set<number>();
  for (const field of FIELDS) {
    for (const alias of aliases[field]) {
      normal.forEach((h, i) => {
        if (h !== alias || taken.has(i)) return;
        if (!MULTI.has(field) && map[field]?.length) return;
        (map[field] ??= []).push(i);
        taken.add(i);
      });
    }
  }
  // Pipedrive: "Person - Email - Work", "Organization - Name" … and other "X - Y" headers: try the
  // part after the last " - " and the last two parts.
  normal.forEach((h, i) => {
    if (taken.has(i)) return;
    const parts = headers[i]!.split(/\s+-\s+/).map(normalise);
    if (parts.length < 2) return;
    const entity = parts[0]!;
    // in a people export, only the organisation's name and website say anything about the person
    if (kind === 'contacts' && entity.startsWith('organization') && parts[1] !== 'name' && parts[1] !== 'website') return;
    for (const tail of [parts.slice(1).join(' '), parts[1]!]) {
      for (const field of FIELDS) {
        if (!aliases[field].includes(tail) && !(kind === 'contacts' && entity === 'organization' && tail === 'name' && field === 'companyName')) continue;
        if (!MULTI.has(field) && map[field]?.length) continue;
        (map[field] ??= []).push(i);
        taken.add(i);
        return;
      }
    }
  });
  // A contacts file whose only name column is "Nombre" / "First Name" with full names in it is
  // handled by the name parser (a first-name field with several words is read as a full name).
  return map;
}

/** Whether the mapping can identify anything: a name or e-mail (contacts), a name or domain (accounts). */
export function hasIdentifyingColumn(map: ColumnMap, kind: Kind): boolean {
  const has = (f: Field) => !!map[f]?.length;
  return kind === 'contacts'
    ? has('givenName') || has('familyName') || has('fullName') || has('email') || has('linkedinUrl')
    : has('companyName') || has('companyDomain') || has('linkedinUrl');
}

/** Fields that may take several columns (all their values are used). */
export function isMultiField(field: Field): boolean {
  return MULTI.has(field);
}
