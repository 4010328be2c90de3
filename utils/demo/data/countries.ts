// Countries of the demo accounts: cities, phone formats, web domains, legal forms, currencies,
// free-mail providers and the words companies there are named after.
// Phone patterns: '#' is any digit, 'N' a digit 2–9. US numbers use the fictional 555-01xx
// range and UK mobiles Ofcom's drama range (07700 900xxx).
import type { Region } from './users';

export type CountryCode = 'ES' | 'MX' | 'CO' | 'AR' | 'CL' | 'PE' | 'US' | 'GB' | 'DE';
export type Lang = 'es' | 'en' | 'de';

export interface CityDef {
  readonly name: string;
  /** landline/mobile patterns for this city; the country's patterns otherwise */
  readonly phones?: readonly string[];
}

export interface CountryDef {
  readonly code: CountryCode;
  /** stored on records (English name) */
  readonly name: string;
  /** how a subsidiary there is named: 'Seguros Levante México' */
  readonly localName: string;
  readonly lang: Lang;
  readonly region: Region;
  /** hours from UTC (standard time), to place activities in local working hours */
  readonly utcOffset: number;
  /** share of generated accounts */
  readonly weight: number;
  readonly cities: readonly CityDef[];
  readonly phones: readonly string[];
  readonly tlds: readonly (readonly [string, number])[];
  readonly legalForms: readonly (readonly [string, number])[];
  /** legal form of large and public-sector companies */
  readonly bigLegalForm: string;
  /** currency of the account's ARR */
  readonly currency: string;
  /** currencies of deals there */
  readonly dealCurrencies: readonly (readonly [string, number])[];
  readonly freeMail: readonly string[];
  /** words companies are named after (regions, rivers, mountains, local emblems) */
  readonly brands: readonly string[];
  /** share of people written with one surname only (Spanish-speaking countries) */
  readonly oneSurnameShare: number;
  /** share of people with Spanish names in an English-speaking country */
  readonly hispanicShare?: number;
}

export const COUNTRIES: readonly CountryDef[] = [
  {
    code: 'ES',
    name: 'Spain',
    localName: 'España',
    lang: 'es',
    region: 'es',
    utcOffset: 1,
    weight: 30,
    cities: [
      { name: 'Madrid', phones: ['+34 6## ### ###', '+34 91# ### ###'] },
      { name: 'Barcelona', phones: ['+34 6## ### ###', '+34 93# ### ###'] },
      { name: 'Valencia', phones: ['+34 6## ### ###', '+34 96# ### ###'] },
      { name: 'Sevilla', phones: ['+34 6## ### ###', '+34 95# ### ###'] },
      { name: 'Bilbao', phones: ['+34 6## ### ###', '+34 94# ### ###'] },
      { name: 'Zaragoza' },
      { name: 'Málaga' },
      { name: 'Valladolid' },
      { name: 'Vigo' },
      { name: 'A Coruña' },
      { name: 'Alicante' },
      { name: 'Murcia' },
      { name: 'Palma' },
      { name: 'Pamplona' },
      { name: 'San Sebastián' },
      { name: 'Gijón' },
      { name: 'Córdoba' },
    ],
    phones: ['+34 6## ### ###', '+34 6## ### ###', '+34 7## ### ###'],
    tlds: [['.es', 70], ['.com', 30]],
    legalForms: [['S.L.', 58], ['S.A.', 32], ['S.L.U.', 10]],
    bigLegalForm: 'S.A.',
    currency: 'EUR',
    dealCurrencies: [['EUR', 1]],
    freeMail: ['gmail.com', 'hotmail.com', 'outlook.es', 'yahoo.es', 'hotmail.es'],
    brands: [
      'Cantábrico', 'Levante', 'Meseta', 'Alhambra', 'Mediterráneo', 'Atlántico', 'Pirineos',
      'Guadalquivir', 'Ebro', 'Duero', 'Tajo', 'Galaico', 'Aragonesa', 'Castellana', 'Navarra',
      'Montserrat', 'Sierra Nevada', 'Teide', 'Almendro', 'Olivar', 'Encina', 'Faro', 'Brisa',
      'Aurora', 'Vértice', 'Nexo', 'Altamira', 'Hispania', 'Tramontana', 'Moncayo', 'Gredos',
      'Albufera', 'Miño', 'Bidasoa', 'Sil', 'Segura', 'Júcar', 'Ribera', 'Mancha', 'Macael',
      'Peñalara', 'Garona', 'Cierzo', 'Ulía', 'Mirador', 'Lucero', 'Ágora', 'Cénit',
    ],
    oneSurnameShare: 0.15,
  },
  {
    code: 'MX',
    name: 'Mexico',
    localName: 'México',
    lang: 'es',
    region: 'latam',
    utcOffset: -6,
    weight: 14,
    cities: [
      { name: 'Ciudad de México', phones: ['+52 55 #### ####'] },
      { name: 'Monterrey', phones: ['+52 81 #### ####'] },
      { name: 'Guadalajara', phones: ['+52 33 #### ####'] },
      { name: 'Puebla', phones: ['+52 222 ### ####'] },
      { name: 'Querétaro', phones: ['+52 442 ### ####'] },
      { name: 'Tijuana', phones: ['+52 664 ### ####'] },
      { name: 'Mérida', phones: ['+52 999 ### ####'] },
      { name: 'León', phones: ['+52 477 ### ####'] },
    ],
    phones: ['+52 55 #### ####'],
    tlds: [['.com.mx', 80], ['.mx', 10], ['.com', 10]],
    legalForms: [['S.A. de C.V.', 70], ['S. de R.L. de C.V.', 20], ['S.A.P.I. de C.V.', 10]],
    bigLegalForm: 'S.A. de C.V.',
    currency: 'USD',
    dealCurrencies: [['USD', 65], ['MXN', 35]],
    freeMail: ['gmail.com', 'hotmail.com', 'yahoo.com.mx', 'outlook.com', 'live.com.mx'],
    brands: [
      'Azteca', 'Maya', 'Anáhuac', 'Sierra Madre', 'Bajío', 'Pacífico', 'Golfo', 'Tolteca',
      'Quetzal', 'Jaguar', 'Norteña', 'Del Valle', 'Tapatía', 'Huasteca', 'Cuauhtémoc',
      'Xochimilco', 'Mixteca', 'Cozumel', 'Chapultepec', 'Nopal', 'Sonora', 'Regia', 'Zacatecas',
      'Olmeca', 'Colibrí', 'Tulum', 'Papaloapan', 'Citlali',
    ],
    oneSurnameShare: 0.35,
  },
  {
    code: 'CO',
    name: 'Colombia',
    localName: 'Colombia',
    lang: 'es',
    region: 'latam',
    utcOffset: -5,
    weight: 11,
    cities: [
      { name: 'Bogotá', phones: ['+57 3## ### ####', '+57 601 ### ####'] },
      { name: 'Medellín', phones: ['+57 3## ### ####', '+57 604 ### ####'] },
      { name: 'Cali', phones: ['+57 3## ### ####', '+57 602 ### ####'] },
      { name: 'Barranquilla' },
      { name: 'Cartagena' },
      { name: 'Bucaramanga' },
      { name: 'Pereira' },
    ],
    phones: ['+57 30# ### ####', '+57 31# ### ####', '+57 32# ### ####'],
    tlds: [['.com.co', 75], ['.co', 15], ['.com', 10]],
    legalForms: [['S.A.S.', 65], ['S.A.', 25], ['Ltda.', 10]],
    bigLegalForm: 'S.A.',
    currency: 'USD',
    dealCurrencies: [['USD', 65], ['COP', 35]],
    freeMail: ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com'],
    brands: [
      'Cafetera', 'Caribe', 'Magdalena', 'Cauca', 'Antioqueña', 'Sabana', 'Llanos', 'Orquídea',
      'Cóndor', 'Páramo', 'Guadua', 'Tayrona', 'Cordillera Central', 'Sinú', 'Quindío',
      'Guatapé', 'Nevado', 'Bacatá', 'Macondo', 'Pacífica', 'Arhuaca', 'Chicamocha',
    ],
    oneSurnameShare: 0.35,
  },
  {
    code: 'AR',
    name: 'Argentina',
    localName: 'Argentina',
    lang: 'es',
    region: 'latam',
    utcOffset: -3,
    weight: 8,
    cities: [
      { name: 'Buenos Aires', phones: ['+54 9 11 ####-####'] },
      { name: 'Córdoba', phones: ['+54 9 351 ###-####'] },
      { name: 'Rosario', phones: ['+54 9 341 ###-####'] },
      { name: 'Mendoza', phones: ['+54 9 261 ###-####'] },
      { name: 'La Plata', phones: ['+54 9 221 ###-####'] },
    ],
    phones: ['+54 9 11 ####-####'],
    tlds: [['.com.ar', 85], ['.com', 15]],
    legalForms: [['S.A.', 55], ['S.R.L.', 35], ['S.A.U.', 10]],
    bigLegalForm: 'S.A.',
    currency: 'USD',
    dealCurrencies: [['USD', 1]],
    freeMail: ['gmail.com', 'hotmail.com', 'yahoo.com.ar', 'outlook.com'],
    brands: [
      'Pampa', 'Patagonia', 'Del Plata', 'Austral', 'Cuyo', 'Aconcagua', 'Ombú', 'Litoral',
      'Paraná', 'Iguazú', 'Tandil', 'Fueguina', 'Calchaquí', 'Lihué', 'Nahuel', 'Quebracho',
      'Pehuén', 'Talampaya', 'Uspallata', 'Riachuelo',
    ],
    oneSurnameShare: 0.9,
  },
  {
    code: 'CL',
    name: 'Chile',
    localName: 'Chile',
    lang: 'es',
    region: 'latam',
    utcOffset: -4,
    weight: 8,
    cities: [
      { name: 'Santiago' },
      { name: 'Valparaíso' },
      { name: 'Concepción' },
      { name: 'Antofagasta' },
      { name: 'Viña del Mar' },
      { name: 'Temuco' },
    ],
    phones: ['+56 9 #### ####'],
    tlds: [['.cl', 90], ['.com', 10]],
    legalForms: [['SpA', 45], ['S.A.', 35], ['Ltda.', 20]],
    bigLegalForm: 'S.A.',
    currency: 'USD',
    dealCurrencies: [['USD', 1]],
    freeMail: ['gmail.com', 'hotmail.com', 'live.cl', 'outlook.com'],
    brands: [
      'Andes', 'Pacífico Sur', 'Atacama', 'Maule', 'Biobío', 'Araucanía', 'Copihue', 'Cordillera',
      'Magallanes', 'Elqui', 'Chiloé', 'Llanquihue', 'Tarapacá', 'Aysén', 'Osorno', 'Lonquimay',
      'Rapel', 'Limarí', 'Pehoé',
    ],
    oneSurnameShare: 0.3,
  },
  {
    code: 'PE',
    name: 'Peru',
    localName: 'Perú',
    lang: 'es',
    region: 'latam',
    utcOffset: -5,
    weight: 7,
    cities: [
      { name: 'Lima' },
      { name: 'Arequipa' },
      { name: 'Trujillo' },
      { name: 'Cusco' },
      { name: 'Piura' },
      { name: 'Chiclayo' },
    ],
    phones: ['+51 9## ### ###'],
    tlds: [['.com.pe', 75], ['.pe', 15], ['.com', 10]],
    legalForms: [['S.A.C.', 60], ['S.A.', 28], ['S.R.L.', 12]],
    bigLegalForm: 'S.A.',
    currency: 'USD',
    dealCurrencies: [['USD', 1]],
    freeMail: ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com'],
    brands: [
      'Inca', 'Pachacámac', 'Titicaca', 'Rímac', 'Chavín', 'Nazca', 'Amazonía', 'Vicuña',
      'Huascarán', 'Paracas', 'Mochica', 'Colca', 'Sechura', 'Chimú', 'Misti', 'Urubamba',
      'Lambayeque', 'Tumbes',
    ],
    oneSurnameShare: 0.3,
  },
  {
    code: 'US',
    name: 'United States',
    localName: 'USA',
    lang: 'en',
    region: 'en',
    utcOffset: -5,
    weight: 13,
    cities: [
      { name: 'New York', phones: ['+1 212 555 01##', '+1 646 555 01##'] },
      { name: 'Chicago', phones: ['+1 312 555 01##'] },
      { name: 'Austin', phones: ['+1 512 555 01##'] },
      { name: 'Boston', phones: ['+1 617 555 01##'] },
      { name: 'Atlanta', phones: ['+1 404 555 01##'] },
      { name: 'Denver', phones: ['+1 303 555 01##'] },
      { name: 'Seattle', phones: ['+1 206 555 01##'] },
      { name: 'Miami', phones: ['+1 305 555 01##'] },
      { name: 'San Francisco', phones: ['+1 415 555 01##'] },
      { name: 'Dallas', phones: ['+1 214 555 01##'] },
      { name: 'Houston', phones: ['+1 713 555 01##'] },
    ],
    phones: ['+1 212 555 01##'],
    tlds: [['.com', 90], ['.io', 5], ['.co', 5]],
    legalForms: [['Inc.', 55], ['LLC', 35], ['Corp.', 10]],
    bigLegalForm: 'Inc.',
    currency: 'USD',
    dealCurrencies: [['USD', 1]],
    freeMail: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'],
    brands: [
      'Summit', 'Bluebird', 'Redwood', 'Harbor', 'Pinnacle', 'Evergreen', 'Ironclad', 'Lakeside',
      'Silverline', 'Granite', 'Beacon', 'Meridian', 'Keystone', 'Crescent', 'Frontier',
      'Brightwater', 'Oakridge', 'Clearview', 'Sterling', 'Bluestem', 'Cobalt', 'Prairie',
      'Lone Star', 'Cascade', 'Tidewater', 'Blue Ridge', 'Copperline', 'Westfield',
    ],
    oneSurnameShare: 1,
    hispanicShare: 0.12,
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    localName: 'UK',
    lang: 'en',
    region: 'en',
    utcOffset: 0,
    weight: 6,
    cities: [
      { name: 'London' },
      { name: 'Manchester' },
      { name: 'Birmingham' },
      { name: 'Leeds' },
      { name: 'Edinburgh' },
      { name: 'Bristol' },
      { name: 'Glasgow' },
    ],
    phones: ['+44 7700 900###'],
    tlds: [['.co.uk', 75], ['.com', 25]],
    legalForms: [['Ltd.', 80], ['PLC', 20]],
    bigLegalForm: 'PLC',
    currency: 'USD',
    dealCurrencies: [['USD', 1]],
    freeMail: ['gmail.com', 'outlook.com', 'hotmail.co.uk', 'yahoo.co.uk'],
    brands: [
      'Ashford', 'Thames', 'Pennine', 'Highland', 'Kingsbridge', 'Albion', 'Cotswold', 'Mersey',
      'Severn', 'Tyne', 'Chiltern', 'Dorset', 'Wessex', 'Caledonia', 'Mendip', 'Solent',
      'Brunel', 'Avalon',
    ],
    oneSurnameShare: 1,
  },
  {
    code: 'DE',
    name: 'Germany',
    localName: 'Deutschland',
    lang: 'de',
    region: 'en',
    utcOffset: 1,
    weight: 3,
    cities: [
      { name: 'Berlin' },
      { name: 'München' },
      { name: 'Hamburg' },
      { name: 'Frankfurt am Main' },
      { name: 'Stuttgart' },
      { name: 'Köln' },
    ],
    phones: ['+49 151 #### ####', '+49 160 #### ####', '+49 170 #### ####'],
    tlds: [['.de', 90], ['.com', 10]],
    legalForms: [['GmbH', 85], ['AG', 15]],
    bigLegalForm: 'AG',
    currency: 'EUR',
    dealCurrencies: [['EUR', 1]],
    freeMail: ['gmail.com', 'gmx.de', 'web.de'],
    brands: ['Rhein', 'Alpen', 'Nordstern', 'Elbe', 'Isar', 'Schwarzwald', 'Bergmann', 'Weser', 'Spree', 'Harz', 'Brocken', 'Main'],
    oneSurnameShare: 1,
  },
];

/**
 * Company names and domains the generator must not produce: the cast's own companies, so a
 * fixture's "Iberia Logística" or "Northwind" can only ever match the cast.
 */
export const RESERVED_BRANDS: readonly string[] = ['Iberia', 'Northwind', 'Andinos', 'Andina', 'Andino'];
