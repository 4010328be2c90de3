// Which CSV column holds what: the headers of HubSpot, Salesforce (English and Spanish) and
// Pipedrive exports, recognised automatically (pure). Shared by the dedupe CLI (scripts/dedupe,
// which adds `--map` overrides) and the options page's CSV import (adjustable in the page).
import { nameKey } from '../text/normalize';
import type { ImportCrm } from '../crms/exportIds';

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
  // the record's id in the CRM it was exported from, and its company's id there
  'crmId',
  'companyCrmId',
  /** a Pipedrive lead's id (a UUID); the person's own id is crmId */
  'leadId',
  'lifecycleStage',
  'leadStatus',
  'industry',
  'employees',
  'owner',
  /** an account's ABM tier: 1, 2 or 3 ("Tier 1", "1:1", "1:few", "1:many") */
  'tier',
  /** an account's parent company: its name, website or id in the CRM (resolved among the accounts) */
  'parentCompany',
  /** a product the account owns (one row per account × product: ownedColumns.ts), since when, seats, ARR */
  'product',
  'productSince',
  'productSeats',
  'productArr',
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
    'company', 'company name', 'account name', 'associated company', 'company account', 'organization', 'organization name', 'organisation',
    'person organization', 'empresa', 'nombre de la cuenta', 'nombre de la empresa', 'compania', 'organizacion', 'cuenta',
  ],
  companyDomain: ['website', 'website url', 'company domain name', 'domain', 'company website', 'organization website', 'sitio web', 'dominio', 'pagina web', 'dominio de la empresa'],
  linkedinUrl: ['linkedin', 'linkedin url', 'linkedin profile', 'linkedin profile url', 'person linkedin', 'perfil de linkedin', 'url de linkedin'],
  city: ['city', 'mailing city', 'person city', 'ciudad', 'ciudad de correo', 'localidad', 'poblacion'],
  country: ['country', 'country region', 'mailing country', 'pais', 'pais de correo', 'pais region'],
  postcode: ['zip', 'postal code', 'postcode', 'zip code', 'mailing zip postal code', 'mailing postal code', 'codigo postal', 'cp'],
  address: ['street address', 'mailing street', 'address', 'direccion', 'calle de correo', 'domicilio'],
  title: ['title', 'job title', 'position', 'person job title', 'cargo', 'puesto', 'titulo'],
  crmId: [
    'record id', 'contact id', 'lead id', 'person id', 'persona id', 'id', 'contactid', 'leadid', 'contact record id',
    'id de registro', 'id de contacto', 'id del contacto', 'id de candidato', 'id del candidato', 'id de la persona',
  ],
  companyCrmId: [
    'associated company ids', 'associated company id', 'associated company ids primary', 'primary associated company id',
    'company id', 'account id', 'accountid', 'organization id', 'organizacion id', 'person organization id',
    'id de cuenta', 'id de la cuenta', 'id de empresa asociada', 'ids de empresa asociada', 'id de la empresa asociada', 'id de empresa',
  ],
  leadId: [],
  lifecycleStage: ['lifecycle stage', 'fase del ciclo de vida', 'etapa del ciclo de vida', 'ciclo de vida'],
  leadStatus: ['lead status', 'estado del lead', 'estado de lead', 'estado del candidato', 'estado de candidato', 'estado del prospecto'],
  industry: [],
  employees: [],
  owner: [
    'contact owner', 'lead owner', 'owner', 'person owner', 'owner email', 'contact owner email', 'lead owner email',
    'propietario del contacto', 'propietario del candidato', 'propietario del lead', 'propietario',
  ],  tier: [],
  parentCompany: [],
  product: [],
  productSince: [],
  productSeats: [],
  productArr: [],
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
  crmId: [
    'record id', 'company id', 'account id', 'organization id', 'organizacion id', 'id', 'accountid',
    'id de registro', 'id de cuenta', 'id de la cuenta', 'id de empresa', 'id de la empresa', 'id de la organizacion',
  ],
  companyCrmId: [],
  leadId: [],
  lifecycleStage: [],
  leadStatus: [],
  industry: ['industry', 'organization industry', 'sector', 'industria', 'sector de actividad', 'sector industrial'],
  employees: [
    'number of employees', 'employees', 'employee count', 'company size', 'organization number of employees', 'organization employees',
    'numero de empleados', 'n de empleados', 'empleados', 'tamano de la empresa', 'tamano',
  ],
  owner: [
    'company owner', 'account owner', 'owner', 'organization owner', 'owner email', 'company owner email', 'account owner email',
    'propietario de la empresa', 'propietario de la cuenta', 'propietario de la organizacion', 'propietario',
  ],  tier: ['tier', 'abm tier', 'account tier', 'target tier', 'tier abm', 'nivel abm', 'nivel de cuenta', 'nivel', 'segmento abm'],
  parentCompany: [
    'parent company', 'parent account', 'parent organization', 'parent company name', 'parent account name', 'parent', 'parent company id', 'parent account id',
    'empresa matriz', 'matriz', 'cuenta principal', 'cuenta matriz', 'sociedad matriz', 'empresa principal',
  ],
  product: ['product', 'product name', 'owned product', 'product owned', 'producto', 'nombre del producto', 'producto contratado'],
  productSince: ['product since', 'owned since', 'since', 'purchase date', 'subscription start', 'subscription start date', 'producto desde', 'desde', 'fecha de compra', 'fecha de alta', 'inicio de la suscripcion'],
  productSeats: ['seats', 'licenses', 'licences', 'quantity', 'product seats', 'puestos', 'licencias', 'cantidad'],
  productArr: ['arr', 'product arr', 'annual recurring revenue', 'annual value', 'arr del producto', 'ingresos recurrentes anuales', 'valor anual'],
};

/** field → column indexes */
export type ColumnMap = Partial<Record<Field, number[]>>;

export function normalise(header: string): string {
  return nameKey(header.replace(/^\uFEFF/, ''));
}

/** Pipedrive's "Entity - Field" headers. */
const PIPEDRIVE_HEADER = /^\s*(?:person|organi[sz]ation|deal|lead|activity|persona|organizaci[oó]n|trato|prospecto|actividad)\s+-\s+/i;
const OTHER_ENTITIES: ReadonlySet<string> = new Set(['deal', 'lead', 'activity', 'trato', 'prospecto', 'actividad']);

/** Recognise the columns of an export by their headers. */
export function autoMap(headers: readonly string[], kind: Kind): ColumnMap {
  const aliases = kind === 'contacts' ? PERSON_ALIASES : ACCOUNT_ALIASES;
  const normal = headers.map(normalise);
  const map: ColumnMap = {};
  const taken = new Set<number>();
  // Pipedrive's "Lead - ID" (a UUID) is the lead's, not the person's id (Salesforce's "Lead ID" is)
  normal.forEach((h, i) => {
    if (kind === 'contacts' && PIPEDRIVE_HEADER.test(headers[i]!) && (h === 'lead id' || h === 'prospecto id') && !map.leadId) {
      map.leadId = [i];
      taken.add(i);
    }
  });
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
    // a deal's or a lead's columns ("Deal - ID", "Lead - Title" …) are not the record's, but its owner is
    if (OTHER_ENTITIES.has(entity) && parts[1] !== 'owner' && parts[1] !== 'propietario') return;
    // ids only by their full header (above): "Deal - ID" is not the person's id
    if (parts[parts.length - 1] === 'id') return;
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

/** The CRMs whose export ids the import understands (their ids' forms: utils/crms/exportIds.ts). */
export { IMPORT_CRMS, type ImportCrm } from '../crms/exportIds';

const SALESFORCE_LIKE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const HUBSPOT_HEADERS = new Set(['record id', 'associated company ids', 'associated company ids primary', 'associated company id', 'lifecycle stage', 'contact owner', 'company owner', 'id de registro', 'fase del ciclo de vida']);

/**
 * Which CRM exported the file, from its headers (Pipedrive's "Person - …", HubSpot's "Record ID",
 * "Lifecycle Stage" …) and else the shape of the ids in its first rows (15/18 letters and digits:
 * Salesforce; digits: HubSpot). Undefined when no id column is mapped.
 */
export function detectCrm(headers: readonly string[], map: ColumnMap, sample: readonly (readonly string[])[] = []): ImportCrm | undefined {
  const idCols = [...(map.crmId ?? []), ...(map.companyCrmId ?? []), ...(map.leadId ?? [])];
  if (idCols.length === 0) return undefined;
  if (headers.some((h) => PIPEDRIVE_HEADER.test(h))) return 'pipedrive';
  const normal = headers.map(normalise);
  if (normal.some((h) => HUBSPOT_HEADERS.has(h))) return 'hubspot';
  // a bare "Id" is a Salesforce Data Loader export only if it holds Salesforce ids (not 1, 2, 3 …)
  const bare = idCols.every((c) => normal[c] === 'id');
  if (bare) {
    const values = sample.map((row) => row[idCols[0]!]?.trim() ?? '').filter(Boolean);
    return values.length > 0 && values.every((v) => SALESFORCE_LIKE.test(v) && /[a-zA-Z]/.test(v)) ? 'salesforce' : undefined;
  }
  for (const row of sample) {
    for (const c of idCols) {
      const v = row[c]?.trim().split(/[;,]/)[0]?.trim();
      if (!v) continue;
      if (/^\d+$/.test(v)) return 'hubspot';
      if (SALESFORCE_LIKE.test(v) && /[a-zA-Z]/.test(v)) return 'salesforce';
    }
  }
  return normal.some((h) => h === 'id' || h.startsWith('id de ') || h === 'lead id' || h === 'accountid') ? 'salesforce' : 'hubspot';
}

const LEAD_HEADERS = new Set(['lead id', 'lead owner', 'lead source', 'lead first name', 'lead last name', 'lead name', 'leadid', 'id de candidato', 'id del candidato', 'propietario del candidato', 'origen del candidato', 'nombre del candidato']);

/** The file is an export of leads (Salesforce "Lead ID", "Lead Owner" …, Pipedrive "Lead - …"). */
export function isLeadsFile(headers: readonly string[]): boolean {
  return headers.some((h) => LEAD_HEADERS.has(normalise(h)) || /^\s*(?:lead|prospecto)\s+-\s+/i.test(h));
}
