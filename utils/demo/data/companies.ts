// Industries and how companies in them are named, in Spanish, English and German.
// '{B}' is a brand word of the country (see countries.ts), '{C}' one of its cities.
import type { CountryCode, Lang } from './countries';

export type Industry =
  | 'logistics'
  | 'banking'
  | 'insurance'
  | 'retail'
  | 'healthcare'
  | 'manufacturing'
  | 'energy'
  | 'telecom'
  | 'software'
  | 'education'
  | 'public-sector'
  | 'food-and-beverage'
  | 'construction'
  | 'pharma'
  | 'consulting'
  | 'automotive'
  | 'hospitality'
  | 'mining'
  | 'agribusiness';

export interface IndustryDef {
  readonly id: Industry;
  readonly label: { readonly es: string; readonly en: string };
  /** base share of accounts */
  readonly weight: number;
  /** extra weight in some countries (mining in Chile and Peru …) */
  readonly boost?: Partial<Record<CountryCode, number>>;
  readonly names: Partial<Record<Lang, readonly string[]>>;
}

export const INDUSTRIES: readonly IndustryDef[] = [
  {
    id: 'logistics',
    label: { es: 'logística', en: 'logistics' },
    weight: 12,
    names: {
      es: ['Transportes {B}', 'Logística {B}', '{B} Logística', 'Distribuciones {B}', 'Cargas {B}', 'Operadora Logística {B}', 'Almacenes Generales {B}', 'Fletes {B}', 'Paquetería {B}'],
      en: ['{B} Logistics', '{B} Freight', '{B} Shipping', '{B} Distribution', '{B} Transport'],
      de: ['{B} Logistik', '{B} Spedition', '{B} Transporte'],
    },
  },
  {
    id: 'banking',
    label: { es: 'banca', en: 'banking' },
    weight: 6,
    names: {
      es: ['Banco {B}', 'Caja Rural {B}', 'Financiera {B}', 'Grupo Financiero {B}', 'Créditos {B}', 'Cooperativa de Ahorro {B}'],
      en: ['{B} Bank', '{B} Financial', '{B} Capital', 'First {B} Bank', '{B} Savings'],
      de: ['{B} Bank', '{B} Finanz'],
    },
  },
  {
    id: 'insurance',
    label: { es: 'seguros', en: 'insurance' },
    weight: 6,
    names: {
      es: ['Seguros {B}', '{B} Seguros', 'Mutua {B}', 'Aseguradora {B}', 'Correduría de Seguros {B}'],
      en: ['{B} Insurance', '{B} Mutual', '{B} Assurance', '{B} Underwriters'],
      de: ['{B} Versicherung', '{B} Versicherungsmakler'],
    },
  },
  {
    id: 'retail',
    label: { es: 'retail', en: 'retail' },
    weight: 9,
    names: {
      es: ['Supermercados {B}', 'Almacenes {B}', 'Tiendas {B}', '{B} Moda', 'Farmacias {B}', 'Ferreterías {B}', 'Calzados {B}', 'Hipermercados {B}', 'Muebles {B}'],
      en: ['{B} Stores', '{B} Outfitters', '{B} Market', '{B} Home & Garden', '{B} Pharmacy'],
      de: ['{B} Handel', '{B} Warenhaus'],
    },
  },
  {
    id: 'healthcare',
    label: { es: 'salud', en: 'healthcare' },
    weight: 7,
    names: {
      es: ['Clínica {B}', 'Grupo Hospitalario {B}', 'Laboratorios Clínicos {B}', 'Centro Médico {B}', 'Salud {B}', 'Clínicas Dentales {B}'],
      en: ['{B} Health', '{B} Medical Group', '{B} Clinics', '{B} Care', '{B} Diagnostics'],
      de: ['{B} Medizintechnik', '{B} Kliniken'],
    },
  },
  {
    id: 'manufacturing',
    label: { es: 'industria', en: 'manufacturing' },
    weight: 11,
    names: {
      es: ['Industrias {B}', 'Metalúrgica {B}', 'Plásticos {B}', 'Manufacturas {B}', 'Talleres {B}', 'Aceros {B}', 'Envases {B}', 'Componentes {B}', 'Textil {B}', 'Papelera {B}'],
      en: ['{B} Manufacturing', '{B} Industries', '{B} Components', '{B} Precision', '{B} Steel', '{B} Packaging'],
      de: ['{B} Maschinenbau', '{B} Technik', '{B} Werkzeugbau', '{B} Verpackung'],
    },
  },
  {
    id: 'energy',
    label: { es: 'energía', en: 'energy' },
    weight: 5,
    names: {
      es: ['Energía {B}', '{B} Renovables', 'Eléctrica {B}', 'Solar {B}', 'Gas {B}', 'Eólica {B}', 'Combustibles {B}'],
      en: ['{B} Energy', '{B} Power', '{B} Solar', '{B} Renewables', '{B} Utilities'],
      de: ['{B} Energie', '{B} Solar', '{B} Stadtwerke'],
    },
  },
  {
    id: 'telecom',
    label: { es: 'telecomunicaciones', en: 'telecom' },
    weight: 4,
    names: {
      es: ['{B} Telecom', 'Comunicaciones {B}', 'Redes {B}', '{B} Fibra', 'Cable {B}', 'Telefonía {B}'],
      en: ['{B} Telecom', '{B} Networks', '{B} Communications', '{B} Wireless', '{B} Fiber'],
      de: ['{B} Telekom', '{B} Netz'],
    },
  },
  {
    id: 'software',
    label: { es: 'software', en: 'software' },
    weight: 9,
    names: {
      es: ['{B} Software', '{B} Tecnología', 'Soluciones Digitales {B}', '{B} Sistemas', 'Informática {B}', '{B} Labs', 'Desarrollos {B}'],
      en: ['{B} Software', '{B} Technologies', '{B} Systems', '{B} Labs', '{B} Cloud', '{B} Data'],
      de: ['{B} Software', '{B} IT-Systeme', '{B} Digital'],
    },
  },
  {
    id: 'education',
    label: { es: 'educación', en: 'education' },
    weight: 4,
    names: {
      es: ['Colegio {B}', 'Instituto {B}', 'Academia {B}', 'Escuela de Negocios {B}', 'Centro de Formación {B}', 'Centro Universitario {B}'],
      en: ['{B} Academy', '{B} Learning', '{B} College', '{B} Education', '{B} Training'],
      de: ['{B} Akademie', '{B} Bildung'],
    },
  },
  {
    id: 'public-sector',
    label: { es: 'sector público', en: 'public sector' },
    weight: 3,
    names: {
      es: ['Empresa Municipal de Aguas de {C}', 'Empresa Municipal de Transportes de {C}', 'Aguas de {C}', 'Servicios Municipales de {C}', 'Empresa de Vivienda de {C}'],
      en: ['{C} Water Services', '{C} Community Housing', '{B} Public Services', '{B} Civic Technologies'],
      de: ['Stadtwerke {C}', 'Verkehrsbetriebe {C}'],
    },
  },
  {
    id: 'food-and-beverage',
    label: { es: 'alimentación', en: 'food & beverage' },
    weight: 6,
    names: {
      es: ['Conservas {B}', 'Bodegas {B}', 'Lácteos {B}', 'Panificadora {B}', 'Cervecería {B}', 'Alimentos {B}', 'Aceites {B}', 'Embutidos {B}', 'Cafés {B}'],
      en: ['{B} Foods', '{B} Brewing', '{B} Coffee', '{B} Dairy', '{B} Beverages', '{B} Bakery'],
      de: ['{B} Brauerei', '{B} Lebensmittel'],
    },
  },
  {
    id: 'construction',
    label: { es: 'construcción', en: 'construction' },
    weight: 5,
    names: {
      es: ['Construcciones {B}', 'Constructora {B}', 'Obras y Proyectos {B}', 'Inmobiliaria {B}', 'Promociones {B}', 'Ingeniería {B}'],
      en: ['{B} Construction', '{B} Builders', '{B} Engineering', '{B} Properties', '{B} Contractors'],
      de: ['{B} Bau', '{B} Ingenieurbau'],
    },
  },
  {
    id: 'pharma',
    label: { es: 'farmacéutica', en: 'pharma' },
    weight: 3,
    names: {
      es: ['Laboratorios {B}', 'Farmacéutica {B}', '{B} Pharma', 'Biotecnología {B}'],
      en: ['{B} Pharmaceuticals', '{B} Biosciences', '{B} Therapeutics'],
      de: ['{B} Pharma', '{B} Biotech'],
    },
  },
  {
    id: 'consulting',
    label: { es: 'consultoría', en: 'consulting' },
    weight: 5,
    names: {
      es: ['Consultores {B}', '{B} Consultoría', 'Asesores {B}', '{B} Partners', 'Auditores {B}'],
      en: ['{B} Consulting', '{B} Advisory', '{B} Partners', '{B} Group'],
      de: ['{B} Beratung', '{B} Consulting'],
    },
  },
  {
    id: 'automotive',
    label: { es: 'automoción', en: 'automotive' },
    weight: 3,
    boost: { MX: 4, DE: 6 },
    names: {
      es: ['Automoción {B}', 'Autopartes {B}', 'Concesionarios {B}', 'Recambios {B}'],
      en: ['{B} Automotive', '{B} Motors', '{B} Auto Parts'],
      de: ['{B} Automobiltechnik', '{B} Fahrzeugteile'],
    },
  },
  {
    id: 'hospitality',
    label: { es: 'turismo y hostelería', en: 'hospitality' },
    weight: 3,
    boost: { ES: 3, MX: 3 },
    names: {
      es: ['Hoteles {B}', 'Viajes {B}', 'Grupo Hotelero {B}', 'Restaurantes {B}', 'Turismo {B}'],
      en: ['{B} Hotels', '{B} Hospitality', '{B} Travel', '{B} Resorts'],
    },
  },
  {
    id: 'mining',
    label: { es: 'minería', en: 'mining' },
    weight: 0,
    boost: { CL: 8, PE: 8, MX: 2 },
    names: {
      es: ['Minera {B}', 'Compañía Minera {B}', 'Minería {B}'],
      en: ['{B} Mining', '{B} Resources'],
    },
  },
  {
    id: 'agribusiness',
    label: { es: 'agroindustria', en: 'agribusiness' },
    weight: 0,
    boost: { CO: 6, PE: 5, CL: 5, AR: 7, MX: 2, ES: 2 },
    names: {
      es: ['Agrícola {B}', 'Agroindustrias {B}', 'Frutícola {B}', 'Agropecuaria {B}', 'Exportadora {B}', 'Flores {B}'],
      en: ['{B} Farms', '{B} Agri'],
    },
  },
];

/** Words skipped when a long company name is shortened to initials for its domain. */
export const NAME_STOPWORDS: readonly string[] = ['de', 'del', 'la', 'las', 'los', 'y', 'e', 'and', 'of', 'the', '&'];
