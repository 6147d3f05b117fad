// Where the browser tests find Chromium. Dependency-free: scripts/setup.mjs uses it before node_modules exists,
// and test/support/browser.ts uses it to launch the same executable.
import { accessSync, constants } from 'node:fs';

/** Checked in order after CHROMIUM_PATH: Debian, Ubuntu and other Linux packages, then macOS applications. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium the tests drive, or null. An explicit CHROMIUM_PATH that is not executable is an error of its own:
 * falling back to another browser would hide the mistake.
 */
export function findChromium(env = process.env) {
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen) {
    if (!executable(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} is not an executable file`);
    return chosen;
  }
  return CHROMIUM_CANDIDATES.find(executable) ?? null;
}
