// UI text in English and Spanish: the toolbar popup (its quick search and its buttons).
// One part of the dictionary (../sidebarMessages.ts combines the sidebar's parts); a key missing in Spanish is a type error here.
export const en = {
  openSidePanel: 'Open side panel',
  options: 'Options',
  currentTab: 'This tab',
  quickSearchLabel: 'Search the CRM',
  quickSearchPlaceholder: 'Is it in the CRM? Name or e-mail…',
  quickSearchNone: 'No contact, lead or account has a name or e-mail like that.',
  quickSearchResults: 'Search results',
};

export const es: Record<keyof typeof en, string> = {
  openSidePanel: 'Abrir panel lateral',
  options: 'Opciones',
  currentTab: 'Esta pestaña',
  quickSearchLabel: 'Buscar en el CRM',
  quickSearchPlaceholder: '¿Está en el CRM? Nombre o e-mail…',
  quickSearchNone: 'Ningún contacto, lead ni cuenta tiene un nombre o e-mail así.',
  quickSearchResults: 'Resultados de la búsqueda',
};
