// A date and time as Options → Connections shows them (last sync, an outbox entry's creation).
import { useOptionsTranslator } from '../../app/DealsideProvider';

export function useDateTime() {
  const { locale } = useOptionsTranslator();
  const format = new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string) => format.format(new Date(iso));
}
