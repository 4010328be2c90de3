// The supply-chain check's decision on recorded `npm audit --omit=dev --audit-level=high --json`
// replies (never the network): see __fixtures__/README.md for where each comes from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideAudit } from './decide';

const reply = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('npm audit verdict', () => {
  it('fails on a high or critical advisory in a production dependency, naming each', () => {
    const v = decideAudit({ status: 1, stdout: reply('high-and-critical.json'), stderr: '' });
    expect(v.kind).toBe('fail');
    if (v.kind !== 'fail') return;
    expect(v.findings.map((f) => [f.severity, f.name, f.isDirect])).toEqual([
      ['critical', 'react-dom', true],
      ['high', 'scheduler', false],
    ]);
    expect(v.message).toMatch(/^FAILED: 2 production dependencies have a high or critical advisory/);
    expect(v.message).toContain('CRITICAL react-dom: Cross-site scripting in react-dom server rendering (https://github.com/advisories/GHSA-0000-0000-0002)');
    expect(v.message).toContain('HIGH scheduler (indirect): Prototype pollution in scheduler');
    expect(v.message).not.toContain('idb');
  });

  it('passes with no advisory, or only moderate and low ones (said, not failed)', () => {
    expect(decideAudit({ status: 0, stdout: reply('clean.json'), stderr: '' })).toEqual({
      kind: 'pass',
      lower: 0,
      message: 'ok: no high or critical advisory in production dependencies.',
    });
    const moderate = decideAudit({ status: 0, stdout: reply('moderate-only.json'), stderr: '' });
    expect(moderate).toMatchObject({ kind: 'pass', lower: 1 });
    expect(moderate.message).toMatch(/1 of lower severity/);
  });

  it('the counts alone are enough to fail (an entry npm left out of "vulnerabilities")', () => {
    const report = JSON.parse(reply('clean.json')) as { metadata: { vulnerabilities: Record<string, number> } };
    report.metadata.vulnerabilities.critical = 1;
    expect(decideAudit({ status: 1, stdout: JSON.stringify(report), stderr: '' }).kind).toBe('fail');
  });

  it.each([
    ['registry-405.json', 'npm warn audit 405 Method Not Allowed\nnpm error audit endpoint returned an error', /registry answered 405 to the advisory request/],
    ['econnrefused.json', '', /ECONNREFUSED 127\.0\.0\.1:9/],
    ['enotfound.json', '', /getaddrinfo ENOTFOUND registry\.example\.invalid/],
  ])('%s: the advisory service was not reached — said plainly, not a failure', (file, stderr, why) => {
    const v = decideAudit({ status: 1, stdout: reply(file), stderr });
    expect(v.kind).toBe('unreachable');
    expect(v.message).toMatch(/^NOT CHECKED: the registry's advisory service could not be reached/);
    expect(v.message).toMatch(why);
    expect(v.message).toMatch(/production dependencies were not checked/);
  });

  it('a timeout, or npm saying only on stderr that the network failed, is "not reached" too', () => {
    expect(decideAudit({ status: null, stdout: '', stderr: '', timedOut: true }).kind).toBe('unreachable');
    expect(decideAudit({ status: 1, stdout: '', stderr: 'npm error code EAI_AGAIN\nnpm error request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed' }).kind).toBe('unreachable');
    expect(decideAudit({ status: 1, stdout: '{"error":{"code":"ENOAUDIT","summary":"Your configured registry (https://r.example/) may not support audit requests, or the audit endpoint may be temporarily unavailable.","detail":""}}', stderr: '' }).kind).toBe('unreachable');
  });

  it('an audit that cannot run for a reason of our own fails: a check must not stop checking silently', () => {
    const v = decideAudit({
      status: 1,
      stdout: '{"error":{"code":"ENOLOCK","summary":"This command requires an existing lockfile.","detail":"Try creating one first with: npm i --package-lock-only"}}',
      stderr: '',
    });
    expect(v.kind).toBe('fail');
    expect(v.message).toMatch(/^FAILED: npm audit could not run \(exit 1\): ENOLOCK/);
    expect(decideAudit({ status: 1, stdout: 'garbage', stderr: '' }).kind).toBe('fail');
  });
});
