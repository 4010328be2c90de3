// Small badges beside each row of a list page: "In CRM · owner", "Duplicate? · name", "New".
// Each lives in its own closed shadow root with px sizes, so the host page's CSS cannot touch it
// and it cannot touch the page.
import type { ListVerdict } from '../messaging/pageAnswers';
import type { Locale } from '../i18n/locale';

const TEXT: Record<Locale, Record<ListVerdict['verdict'], string>> = {
  en: { 'in-crm': 'In CRM', possible: 'Duplicate?', new: 'New' },
  es: { 'in-crm': 'En el CRM', possible: '¿Duplicado?', new: 'Nuevo' },
};
const COLOURS: Record<ListVerdict['verdict'], string> = {
  'in-crm': 'background:#d1fae5;color:#065f46;',
  possible: 'background:#fef3c7;color:#92400e;',
  new: 'background:#e0f2fe;color:#075985;',
};

/** Wide enough for "¿Duplicado? · Maria Jose Garcia" or "En el CRM · Diego Morales". */
export const BADGE_WIDTH_PX = 196;

export type BadgeLayer = { show(anchor: HTMLAnchorElement, verdict: ListVerdict): void; clear(): void };

/**
 * The page sees only an empty <dealside-badge data-dealside-surface="badge"> after the link: what
 * the badge says (in the CRM or not, the owner's name) lives in the closed shadow root, never in
 * an attribute or text the page's scripts could read (LinkedIn's included).
 */
export function createBadgeLayer(doc: Document, locale: Locale): BadgeLayer {
  const words = TEXT[locale];
  const hosts = new Map<HTMLAnchorElement, { host: HTMLElement; label: HTMLElement }>();
  return {
    show(anchor, v) {
      let entry = hosts.get(anchor);
      if (!entry || !entry.host.isConnected) {
        const host = doc.createElement('dealside-badge');
        host.setAttribute('data-dealside-surface', 'badge');
        const root = host.attachShadow({ mode: 'closed' });
        const label = doc.createElement('span');
        root.append(label);
        anchor.insertAdjacentElement('afterend', host);
        entry = { host, label };
        hosts.set(anchor, entry);
      }
      const detail = v.verdict === 'in-crm' ? v.ownerName : v.verdict === 'possible' ? v.duplicateName : undefined;
      entry.label.setAttribute('data-verdict', v.verdict);
      entry.label.title = detail ? `${words[v.verdict]} · \u2068${detail}\u2069` : words[v.verdict];
      // The name in its own isolate: a bidi override in it cannot turn the verdict's words around.
      const verdictWords = doc.createElement('span');
      verdictWords.textContent = detail ? `${words[v.verdict]} · ` : words[v.verdict];
      const parts: Node[] = [verdictWords];
      if (detail) {
        const name = doc.createElement('bdi');
        name.textContent = detail;
        parts.push(name);
      }
      entry.label.replaceChildren(...parts);
      // One size for every verdict and name: the page can measure the host, so what it says must
      // not change its width (a long owner's name would tell "in the CRM"). Longer text ends in "…";
      // the whole of it is in the tooltip, inside the closed root.
      entry.label.setAttribute(
        'style',
        `${COLOURS[v.verdict]}display:inline-block;box-sizing:border-box;width:${BADGE_WIDTH_PX}px;height:18px;` +
          'margin-left:6px;padding:1px 6px;border-radius:9px;overflow:hidden;text-overflow:ellipsis;' +
          'font:600 11px/16px system-ui,sans-serif;white-space:nowrap;vertical-align:middle;contain:strict;',
      );
    },
    clear() {
      for (const { host } of hosts.values()) host.remove();
      hosts.clear();
    },
  };
}
