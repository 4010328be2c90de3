// Finding the browser a test suite drives: an executable named by an environment variable, else
// Debian's package at its usual paths; when none is there and we are root with apt-get, Debian's
// package is installed (saying so first: this changes the machine); otherwise a plain error says
// what is missing and how to install it. Used by the Chromium (tests/e2e) and Firefox harnesses.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export type BrowserWanted = {
  /** "Chromium", "Firefox" */
  name: string;
  /** the environment variable that names another executable, e.g. CHROME_PATH */
  envVar: string;
  candidates: readonly string[];
  /** Debian's package, e.g. 'chromium', 'firefox-esr' */
  debPackage: string;
  /** what the tests that need it are called in messages, e.g. "the end-to-end tests" */
  suite: string;
  /** the first words of the error when it cannot be found nor installed */
  missing: string;
  /** more advice for the error, e.g. "Do not npm install puppeteer" */
  hint?: string;
};

export function findOrInstallBrowser(w: BrowserWanted): string {
  const fromEnv = process.env[w.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${w.envVar}=${fromEnv} is not an executable file.`);
    return fromEnv;
  }
  const found = w.candidates.find(isExecutable);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const problems: string[] = [];
  if (isRoot && commandExists('apt-get')) {
    console.log(
      `No ${w.name} found for ${w.suite}. Installing Debian's ${w.debPackage} package now, without its\n` +
        `recommended extras: apt-get update && apt-get install -y --no-install-recommends ${w.debPackage}\n` +
        `To use another ${w.name} instead, set ${w.envVar} to its executable.`,
    );
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', w.debPackage]]) {
      console.log(`$ apt-get ${args.join(' ')}`);
      const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (run.status !== 0) {
        problems.push(`apt-get ${args.join(' ')} failed with exit code ${run.status}`);
        break;
      }
    }
    const installed = w.candidates.find(isExecutable);
    if (installed) {
      console.log(`Installed ${w.name} at ${installed}.`);
      return installed;
    }
  } else {
    problems.push(isRoot ? 'apt-get is not available' : 'not running as root, so it cannot be installed here');
  }
  throw new Error(
    `${w.missing}: ${w.suite} cannot run (${problems.join('; ')}). ` +
      `Install it (Debian/Ubuntu: \`sudo apt-get install -y --no-install-recommends ${w.debPackage}\`) or set ${w.envVar} to its executable.` +
      (w.hint ? ` ${w.hint}` : ''),
  );
}
