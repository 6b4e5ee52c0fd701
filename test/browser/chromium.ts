import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, installed by scripts/install-test-peers.sh (run by `npm test`). */
export const CHROMIUM_PATH = process.env.EKSGUARD_CHROMIUM ?? '/usr/bin/chromium';

/** Where browser tests leave screenshots for CI to keep as artifacts (git-ignored). */
export const ARTIFACT_DIR = new URL('../../test-artifacts/', import.meta.url).pathname;

export interface HeadlessBrowser {
  context: BrowserContext;
  /** Every console error and uncaught page error seen so far, to assert none happened. */
  errors: string[];
  /** Every request the pages made to anything but `allowedOrigin` (or anything, if none). */
  foreignRequests: string[];
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile and no network beyond what the test allows:
 * every request outside `allowedOrigin` is recorded and aborted, so a page that reaches out is
 * caught rather than silently served.
 */
export async function launchChromium(options: { allowedOrigin?: string } = {}): Promise<HeadlessBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'eksguard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const allowed =
      url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank' || url.startsWith('file:') ||
      (options.allowedOrigin !== undefined && url.startsWith(options.allowedOrigin));
    if (allowed) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
  });
  return {
    context,
    errors,
    foreignRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The path to save a screenshot under, creating the artifact folder. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  return join(ARTIFACT_DIR, name);
}
