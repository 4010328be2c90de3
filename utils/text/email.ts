// E-mail addresses for matching (pure): keys, role mailboxes, free-mail providers and their typos.
import { oneSlipApart } from './similarity';

const ROLE_LOCALS = new Set(
  ('info informacion contact contacto contactus hola hello hi ventas sales comercial admin administracion ' +
    'administration soporte support help ayuda marketing rrhh hr jobs empleo trabajo careers facturacion billing ' +
    'invoices facturas office oficina recepcion reception noreply donotreply mailer postmaster webmaster team ' +
    'equipo general mail email correo prensa press media atencion atencionalcliente clientes customers ' +
    'customerservice service servicio servicios compras purchasing pedidos orders gerencia direccion management ' +
    'legal contabilidad accounting finance finanzas it sistemas security seguridad privacy dpo abuse').split(' '),
);

/** the longest local part that can be a role word with separators and digits ("atencion.al.cliente.24") */
const ROLE_LOCAL_MAX = 40;

const FREE_MAIL = new Set(
  ('gmail.com googlemail.com hotmail.com outlook.com live.com msn.com yahoo.com ymail.com rocketmail.com aol.com ' +
    'icloud.com me.com mac.com protonmail.com proton.me pm.me gmx.com gmx.net gmx.de gmx.es web.de mail.com zoho.com ' +
    'zohomail.com yandex.com yandex.ru mail.ru tutanota.com tuta.io fastmail.com hushmail.com qq.com 163.com 126.com ' +
    'terra.es terra.com telefonica.net movistar.es ono.com orange.es vodafone.es jazztel.es ya.com wanadoo.es ' +
    'euskaltel.net telecable.es latinmail.com prodigy.net.mx uol.com.br bol.com.br terra.com.br ig.com.br ' +
    'fibertel.com.ar speedy.com.ar arnet.com.ar une.net.co etb.net.co cantv.net netzero.net comcast.net ' +
    'verizon.net att.net sbcglobal.net btinternet.com sky.com virginmedia.com libero.it orange.fr free.fr laposte.net ' +
    'sapo.pt t-online.de').split(' '),
);
const FREE_MAIL_BRANDS = /^(?:hotmail|outlook|live|yahoo|ymail|gmail|gmx|yandex|aol|msn|icloud)\./;

/** A mail provider whose domain says nothing about the person's company (gmail.com, hotmail.es …). */
export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return FREE_MAIL.has(d) || FREE_MAIL_BRANDS.test(d);
}

// The providers whose misspellings are common enough to correct (gmial.com, hotmial.es, yahooo.com).
const FREE_MAIL_MAIN = ['gmail.com', 'hotmail.com', 'hotmail.es', 'yahoo.com', 'yahoo.es', 'outlook.com', 'outlook.es', 'live.com', 'icloud.com', 'yahoo.com.mx', 'hotmail.co.uk'];

/** The free-mail domain a domain misspells by one slip ("gmial.com" → "gmail.com"), if any. */
function freeMailTypo(domain: string): string | undefined {
  for (const main of FREE_MAIL_MAIN) if (oneSlipApart(domain, main)) return main;
  return undefined;
}

export interface EmailParts {
  /** the address as compared: lower-case, "+tag" dropped, Gmail dots dropped, googlemail → gmail */
  key: string;
  local: string;
  domain: string;
  /** a shared role mailbox (info@, ventas@, support@ …): says little about who the person is */
  role: boolean;
  freeMail: boolean;
}

/** Parse and canonicalise an address ("J.O.H.N+crm@GoogleMail.com" → key "john@gmail.com"). */
export function emailParts(raw: string): EmailParts | undefined {
  // (plain string tests before each regular expression: this runs for every address of every record)
  let e = raw.trim().toLowerCase();
  if (e.startsWith('mailto:')) e = e.slice(7);
  if (e.includes('<')) {
    const angle = /<([^<>]+)>/.exec(e);
    if (angle) e = angle[1]!.trim();
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return undefined;
  const at = e.lastIndexOf('@');
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  else if (!FREE_MAIL.has(domain)) domain = freeMailTypo(domain) ?? domain;
  if (domain === 'gmail.com' && local.includes('.')) local = local.replace(/\./g, '');
  if (!local) return undefined;
  return { key: `${local}@${domain}`, local, domain, role: isRoleLocal(local), freeMail: FREE_MAIL.has(domain) || FREE_MAIL_BRANDS.test(domain) };
}

/** info@, ventas2@, atencion.al.cliente@: a role word, once dots, dashes, underscores and trailing digits are gone */
function isRoleLocal(local: string): boolean {
  if (local.length > ROLE_LOCAL_MAX) return false;
  const bare = /[._-]/.test(local) ? local.replace(/[._-]/g, '') : local;
  let end = bare.length;
  while (end > 0 && bare.charCodeAt(end - 1) >= 48 && bare.charCodeAt(end - 1) <= 57) end--;
  return ROLE_LOCALS.has(end === bare.length ? bare : bare.slice(0, end));
}

/** The comparable form of an address, or undefined when it is not one. */
export function emailMatchKey(raw: string): string | undefined {
  return emailParts(raw)?.key;
}

/** A shared role mailbox (info@, contacto@, ventas@ …). */
export function isRoleEmail(raw: string): boolean {
  return emailParts(raw)?.role ?? false;
}
