// What `npm audit --omit=dev --audit-level=high --json` said, as a verdict for `npm test` (pure,
// tested on recorded replies in __fixtures__): a high or critical advisory in a production
// dependency fails; an advisory service that cannot be reached (no network, a registry or mirror
// without the audit endpoint, a timeout) is said plainly and does not fail; an audit that could
// not run for a reason of our own (no lockfile …) fails, since a check that silently stops
// checking is worse than none.

export type AuditRun = {
  /** npm's exit code; null when it was killed (timeout) */
  status: number | null;
  stdout: string;
  stderr: string;
  /** the run was stopped after the time limit */
  timedOut?: boolean;
};

export type Finding = { name: string; severity: 'high' | 'critical'; isDirect: boolean; advisories: Array<{ title: string; url?: string }> };

export type AuditVerdict =
  | { kind: 'pass'; message: string; lower: number }
  | { kind: 'fail'; message: string; findings: Finding[] }
  | { kind: 'unreachable'; message: string };

type Via = string | { title?: string; url?: string; severity?: string; name?: string };
type Vulnerability = { name?: string; severity?: string; isDirect?: boolean; via?: Via[] };
type Report = {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, Vulnerability>;
  metadata?: { vulnerabilities?: Record<string, number> };
  message?: string;
  statusCode?: number;
  error?: { code?: string; summary?: string; detail?: string };
};

/** Causes of a failed request that mean "the service was not reached", not "the audit found something". */
const NETWORK = /\b(?:ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ESOCKETTIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EPIPE|ERR_SOCKET_TIMEOUT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED|socket hang up|network timeout|request to \S+ failed)\b/i;
const NO_ENDPOINT = /audit endpoint returned an error|ENOAUDIT|may not support audit requests/i;

function parse(stdout: string): Report | undefined {
  const text = stdout.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Report;
  } catch {
    return undefined;
  }
}

const firstLine = (s: string) => s.split('\n').find((l) => l.trim())?.trim() ?? '';

function unreachable(why: string): AuditVerdict {
  return {
    kind: 'unreachable',
    message: `NOT CHECKED: the registry's advisory service could not be reached (${why}), so production dependencies were not checked for advisories. This does not fail the run; check again with \`npm audit --omit=dev\` when the service answers.`,
  };
}

export function decideAudit(run: AuditRun): AuditVerdict {
  if (run.timedOut) return unreachable('no answer within the time limit');
  const report = parse(run.stdout);
  if (report && (report.auditReportVersion !== undefined || report.vulnerabilities)) {
    const findings: Finding[] = [];
    let lower = 0;
    for (const [key, v] of Object.entries(report.vulnerabilities ?? {})) {
      if (v.severity === 'high' || v.severity === 'critical') {
        const advisories = (v.via ?? [])
          .filter((x): x is Exclude<Via, string> => typeof x === 'object' && x !== null && !!x.title)
          .map((x) => ({ title: x.title!, ...(x.url ? { url: x.url } : {}) }));
        findings.push({ name: v.name ?? key, severity: v.severity, isDirect: v.isDirect === true, advisories });
      } else lower++;
    }
    const counted = (report.metadata?.vulnerabilities?.high ?? 0) + (report.metadata?.vulnerabilities?.critical ?? 0);
    if (findings.length || counted > 0) {
      findings.sort((a, b) => (a.severity === b.severity ? a.name.localeCompare(b.name) : a.severity === 'critical' ? -1 : 1));
      const lines = findings.map((f) => {
        const via = f.advisories.length ? f.advisories.map((a) => `${a.title}${a.url ? ` (${a.url})` : ''}`).join('; ') : 'through a dependency';
        return `  ${f.severity.toUpperCase()} ${f.name}${f.isDirect ? '' : ' (indirect)'}: ${via}`;
      });
      return {
        kind: 'fail',
        findings,
        message: `FAILED: ${Math.max(findings.length, counted)} production ${Math.max(findings.length, counted) === 1 ? 'dependency has' : 'dependencies have'} a high or critical advisory:\n${lines.join('\n')}\nRun \`npm audit --omit=dev\` for the fix.`,
      };
    }
    return { kind: 'pass', lower, message: `ok: no high or critical advisory in production dependencies${lower ? ` (${lower} of lower severity: see \`npm audit --omit=dev\`)` : ''}.` };
  }
  // npm could not get an answer: say why
  const said = [report?.message, report?.error?.code, report?.error?.summary, report?.error?.detail, run.stderr].filter(Boolean).join('\n');
  if (report?.statusCode !== undefined) return unreachable(`the registry answered ${report.statusCode} to the advisory request: ${firstLine(report.message ?? '')}`);
  const network = NETWORK.exec(said);
  if (network) return unreachable(firstLine(report?.message ?? '') || network[0]);
  if (NO_ENDPOINT.test(said)) return unreachable(firstLine(said.match(NO_ENDPOINT)![0]));
  return {
    kind: 'fail',
    findings: [],
    message: `FAILED: npm audit could not run (exit ${run.status ?? 'killed'}): ${firstLine(said) || 'no output'}`,
  };
}
