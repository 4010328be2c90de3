// Febrl benchmark files (data/febrl/, see its SOURCE.md) as match records with ground truth.
import type { MatchRecord } from '../../utils/match/record';

export interface LabelledSet {
  records: MatchRecord[];
  /** the true entity of each record: records with the same value are the same person / company */
  entity: string[];
}

/** Parse a Febrl CSV ("rec_id, given_name, surname, …", separator ", "). */
export function parseFebrl(text: string, idPrefix = ''): LabelledSet {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0]!.split(',').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`Febrl file has no column ${name}`);
    return i;
  };
  const c = {
    id: col('rec_id'),
    given: col('given_name'),
    surname: col('surname'),
    number: col('street_number'),
    a1: col('address_1'),
    a2: col('address_2'),
    suburb: col('suburb'),
    postcode: col('postcode'),
    state: col('state'),
    dob: col('date_of_birth'),
    ssn: col('soc_sec_id'),
  };
  const records: MatchRecord[] = [];
  const entity: string[] = [];
  for (const line of lines.slice(1)) {
    const v = line.split(',').map((s) => s.trim());
    const get = (i: number) => v[i] || undefined;
    const id = get(c.id)!;
    const m = /^rec-(\d+)-/.exec(id);
    entity.push(m ? `rec-${m[1]}` : id);
    const address = [get(c.number), get(c.a1)].filter(Boolean).join(' ');
    records.push({
      id: `${idPrefix}${id}`,
      kind: 'person',
      ...(get(c.given) && { givenName: get(c.given) }),
      ...(get(c.surname) && { familyName: get(c.surname) }),
      ...(address && { address }),
      ...(get(c.suburb) && { city: get(c.suburb) }),
      ...(get(c.postcode) && { postcode: get(c.postcode) }),
      ...(get(c.state) && { state: get(c.state) }),
      ...(get(c.dob) && { birthDate: get(c.dob) }),
      ...(get(c.ssn) && { nationalId: get(c.ssn) }),
      country: 'AU',
    });
  }
  return { records, entity };
}
