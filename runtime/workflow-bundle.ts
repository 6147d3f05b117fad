import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundleOptions, bundleWorkflowCode, Runtime } from '@temporalio/worker';
import { digestOf, distDir, projectRoot, staleReason } from './compiled-entry.mjs';
import { installTemporalRuntime } from './temporal-runtime.js';

/** The workflows' entry in the sandbox: each workflow type loads only its own modules (see the file). */
export const workflowsPath = join(projectRoot, 'workflows/sandbox.cjs');

/**
 * The modules a visit runs, evaluated once per worker and shared by every workflow in the sandbox, where each
 * cached visit would otherwise evaluate its own copy of each (the SDK's `preloadModules`; issue 13, memory per
 * cached visit). The SDK deep-freezes what they export before any workflow starts: they may keep no
 * per-workflow state at module scope (a cache of pure values is fine), and no workflow may change what they
 * export (test/workflows/sandbox.test.ts). Visits are thousands at once; the other workflow types are few.
 */
export const preloadModules = [join(projectRoot, 'workflows/visit.ts')];

/** Worker and replayer options that bundle the workflows when they start (development, tests, replay). */
export const workflowSources = { workflowsPath, bundlerOptions: { preloadModules } };

/** Where `npm run build` writes the bundle and where a production worker looks for it. */
export const DIST_DIR: string = distDir;
const BUNDLE_FILE = 'workflows.js';
const MANIFEST_FILE = 'workflows.manifest.json';

/**
 * What a bundle was built from: the project's files webpack read, and the lock file that pins the SDK and
 * every library bundled with them. A worker runs its activities from the sources it stands in, so a bundle
 * built from other sources would run old workflow code against new activities.
 */
interface Manifest {
  bundle: string;
  sources: Record<string, string>;
}

export class WorkflowBundleError extends Error {
  override name = 'WorkflowBundleError';
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];
type WebpackPlugin = NonNullable<WebpackConfig['plugins']>[number];

/** Bundles the workflows as production ships them: `dist/workflows.js` and the manifest of its sources. */
export async function buildWorkflowBundle(
  outDir = DIST_DIR,
  logger?: BundleOptions['logger'],
): Promise<{ codePath: string; sources: number }> {
  const read = new Set<string>();
  const recordSources: WebpackPlugin = {
    apply(compiler) {
      compiler.hooks.done.tap('servicelane-bundle-sources', (stats) => {
        for (const file of stats.compilation.fileDependencies) read.add(file);
      });
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    preloadModules,
    logger,
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), recordSources] }),
  });
  // This file too: it holds how the bundle is built (what the sandbox shares).
  const recipe = fileURLToPath(import.meta.url);
  const sources: Record<string, string> = {
    'package-lock.json': digestOf(join(projectRoot, 'package-lock.json')),
    [relative(projectRoot, recipe).split(sep).join('/')]: digestOf(recipe),
  };
  for (const file of [...read].sort()) {
    const path = relative(projectRoot, file);
    // Libraries are pinned by the lock file; the SDK's generated entry module lives only in webpack's memory.
    if (path.startsWith('..') || isAbsolute(path) || path.split(sep).includes('node_modules')) continue;
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
    sources[path.split(sep).join('/')] = digestOf(file);
  }
  mkdirSync(outDir, { recursive: true });
  const codePath = join(outDir, BUNDLE_FILE);
  // Written aside and renamed, so a worker starting during a build never reads half a file.
  writeFileSync(`${codePath}.tmp`, code);
  renameSync(`${codePath}.tmp`, codePath);
  const manifest: Manifest = { bundle: sha256(code), sources };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { codePath, sources: Object.keys(sources).length };
}

/** A module of a workflow bundle: its path (from the project root, or `node_modules/…`) and its size in bytes. */
export interface BundledModule {
  path: string;
  bytes: number;
}

/**
 * Bundles `entry` as a worker does and lists the modules in it: everything a workflow started from that entry can
 * evaluate in its sandbox (test/workflows/sandbox.test.ts, scripts/sandbox-report.ts).
 */
export async function bundledModules(
  entry = workflowsPath,
  logger?: BundleOptions['logger'],
): Promise<{ code: string; modules: BundledModule[] }> {
  const modules: BundledModule[] = [];
  const listModules: WebpackPlugin = {
    apply(compiler) {
      compiler.hooks.done.tap('servicelane-bundled-modules', (stats) => {
        for (const module of stats.compilation.modules) {
          const file = module.nameForCondition();
          if (!file) continue;
          const path = relative(projectRoot, file).split(sep).join('/');
          modules.push({ path: path.replace(/^(\.\.\/)*(.*\/)?node_modules\//, 'node_modules/'), bytes: module.size() });
        }
      });
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath: entry,
    preloadModules,
    logger,
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), listModules] }),
  });
  return { code, modules };
}

/**
 * The prebuilt bundle's path once it is known to match the sources here; a missing or stale bundle stops
 * the worker with what to do, rather than rebundling on every start of every worker.
 */
export function prebuiltWorkflowBundle(dir = DIST_DIR, sourceRoot = projectRoot): string {
  const codePath = join(dir, BUNDLE_FILE);
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(codePath) || !existsSync(manifestPath))
    throw new WorkflowBundleError(
      `No workflow bundle in ${dir}: production workers load the one \`npm run build\` writes; run it before \`npm run worker\``,
    );
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  if (digestOf(codePath) !== manifest.bundle)
    throw new WorkflowBundleError(`${codePath} is not the bundle its manifest describes: run \`npm run build\` again`);
  const stale = staleReason(manifest.sources, sourceRoot);
  if (stale) throw new WorkflowBundleError(`The workflow bundle in ${dir} is stale: ${stale}`);
  return codePath;
}

/**
 * Development's bundle (`npm start`): the one last built under `dir` while it still matches the sources, else a
 * new one written there. A restart on unchanged code then skips webpack, about 3 s of a 7 s start.
 */
export async function cachedWorkflowBundle(dir: string): Promise<string> {
  try {
    return prebuiltWorkflowBundle(dir);
  } catch (err) {
    if (!(err instanceof WorkflowBundleError)) throw err;
  }
  // Through the app's log like the rest of the SDK's, so a start prints no webpack report.
  installTemporalRuntime();
  return (await buildWorkflowBundle(dir, Runtime.instance().logger)).codePath;
}
