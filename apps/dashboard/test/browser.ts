import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser), with the launch flags from the toolchain notes. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run. Missing Chromium fails loudly in CI (`.ci/run` installs it),
 * and skips with a message on a developer machine.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium is missing at ${CHROMIUM}: the dashboard's browser tests need it (apt-get install -y chromium; .ci/run installs it).`;
  if (process.env.CI) throw new Error(message);
  console.warn(`${message} Skipping them here.`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Console errors, failed page scripts and every request URL of a page, for the assertions. */
export function watch(page: Page) {
  const errors: string[] = [];
  const console: string[] = [];
  const urls: string[] = [];
  page.on('console', (m) => {
    console.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => urls.push(r.url()));
  return { errors, console, urls };
}
