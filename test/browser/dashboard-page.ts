/**
 * The dashboard as the browser tests see it: the current web source built beside the store (not
 * dist/), served over the store, and one Chromium page on it whose dialogs are recorded and
 * dismissed (a dialog would be injected markup running).
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { buildDashboard } from '../../src/server/index.js';
import { launchChromium, type HeadlessBrowser } from './chromium.js';

const WEB_CONFIG = new URL('../../web/vite.config.ts', import.meta.url).pathname;

/** Builds the web app from source into `webRoot`. */
export async function buildWebApp(webRoot: string): Promise<void> {
  await build({ configFile: WEB_CONFIG, logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });
}

export interface DashboardPage {
  server: FastifyInstance;
  origin: string;
  browser: HeadlessBrowser;
  page: Page;
  dialogs: string[];
  close(): Promise<void>;
}

/** Serves the store at `storePath` with the app built into `webRoot` and opens a page on it. */
export async function openDashboardPage(storePath: string, webRoot: string): Promise<DashboardPage> {
  const server = buildDashboard({ storePath, webRoot });
  const origin = await server.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium({ allowedOrigin: origin });
  const page = await browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    server,
    origin,
    browser,
    page,
    dialogs,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
