import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildWorkflowBundle, bundledModules, preloadModules, workflowsPath } from '../../runtime/workflow-bundle.js';

// Every cached workflow evaluates, in its own scope, each module it requires that the worker did not preload: a
// schema library or another workflow's code there costs every parked visit (issue 13). These hold the sandbox
// to what a visit runs, and the visit's own modules to one copy per worker.

const quiet = () => {};
const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error };
const isZod = (path: string) => path.startsWith('node_modules/zod/');
const OTHER_WORKFLOWS = /^workflows\/(complaint|rescue|kpi-review|campaign|warranty-notices)\.ts$/;

describe("the workflows' sandbox", () => {
  it("holds no zod in the worker's bundle", async () => {
    const { modules } = await bundledModules(workflowsPath, logger);
    expect(modules.map((m) => m.path)).toContain('workflows/visit.ts');
    expect(modules.map((m) => m.path).filter(isZod)).toEqual([]);
  }, 180_000);

  it('gives a visit its own modules only: no zod, no complaint, rescue or KPI-review code, no schema modules', async () => {
    const { modules } = await bundledModules(fileURLToPath(new URL('../../workflows/visit.ts', import.meta.url)), logger);
    const paths = modules.map((m) => m.path);
    expect(paths).toContain('domain/action-rules.ts');
    expect(paths.filter((path) => isZod(path) || OTHER_WORKFLOWS.test(path))).toEqual([]);
    // The edge's schema modules (each imports zod) stay out even when zod itself would be tree-shaken away.
    const schemaModules = paths.filter(
      (path) =>
        path.startsWith('domain/') &&
        /from '(zod|\.\/zod\.js)'/.test(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')),
    );
    expect(schemaModules).toEqual([]);
  }, 180_000);

  it("shares a visit's modules among a worker's visits: the bundle production ships loads them before any workflow", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servicelane-preload-'));
    try {
      const { codePath } = await buildWorkflowBundle(dir, logger);
      const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(readFileSync(codePath, 'utf8'));
      expect([...(preload?.[1] ?? '').matchAll(/__webpack_require__\([^)]*"([^"]+)"\)/g)].map((m) => m[1])).toEqual(
        preloadModules.map((path) => `./${relative(fileURLToPath(new URL('../../', import.meta.url)), path)}`),
      );
      expect(preloadModules.map((path) => relative(fileURLToPath(new URL('../../', import.meta.url)), path))).toEqual([
        'workflows/visit.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('requires each workflow type only when a workflow of that type is created, under the names the API starts', async () => {
    const source = readFileSync(workflowsPath, 'utf8');
    const started = await import('../../workflows/index.js');
    const required: string[] = [];
    const entry: Record<string, unknown> = {};
    const load = async (id: string) =>
      import(fileURLToPath(new URL(`../../workflows/${id.replace(/\.js$/, '.ts')}`, import.meta.url)));
    const files = new Map<string, Record<string, unknown>>();
    for (const [, id] of source.matchAll(/require\('(\.\/[\w-]+\.js)'\)/g)) if (id) files.set(id, await load(id));
    new Function('exports', 'require', source)(entry, (id: string) => {
      required.push(id);
      return files.get(id);
    });
    expect(required).toEqual([]);
    expect(Object.keys(entry).sort()).toEqual(Object.keys(started).sort());
    for (const [name, workflow] of Object.entries(started)) {
      expect(entry[name]).toBe(workflow);
      expect(required).toHaveLength(1);
      required.length = 0;
    }
  });
});
