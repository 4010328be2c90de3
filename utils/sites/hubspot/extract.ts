// Reading a HubSpot record page: contact (0-1), company (0-2) or deal (0-3).
import { firstOf, textOf, waitFor } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import { HUBSPOT_SELECTORS as S } from './selectors';

export async function extractHubspot(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, `hubspot.${c.ref.objectType}`);
  // Wait for the record title, and after an in-page navigation for it to show the new record.
  const title = await waitFor(
    c.doc,
    () => {
      const name = textOf(firstOf(c.doc, S.recordName)?.el, 200);
      return name && name !== c.previousName ? name : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const name = title ?? read.text('name', S.recordName, 200);
  if (title) read.found('name', S.recordName);
  if (!name) {
    read.miss('name');
    return read.result(null);
  }
  const value = (field: string, selectors: readonly string[], max = 200) => {
    const v = read.text(field, selectors, max);
    if (!v) read.miss(field);
    return v;
  };
  switch (c.ref.kind) {
    case 'contact':
    case 'lead':
      return read.result({
        type: 'person',
        fullName: name,
        email: value('email', S.email, 320),
        title: value('jobTitle', S.jobTitle, 300),
        phone: value('phone', S.phone, 64),
        companyName: value('company', S.company),
      });
    case 'account':
      return read.result({
        type: 'company',
        name,
        domain: value('domain', S.domain, 253),
        industry: value('industry', S.industry),
        size: value('employees', S.employees, 100),
      });
    case 'deal':
      return read.result({
        type: 'deal',
        name,
        amount: value('amount', S.amount, 64),
        stage: value('dealStage', S.dealStage, 100),
        companyName: value('company', S.company),
      });
    default:
      return read.result(null);
  }
}
