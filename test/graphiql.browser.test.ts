import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../src/yoga';
import { createMarketplaceInfluencer } from './factories';

// Proves the GraphiQL page served at GET /graphql works with no internet access: a real
// Chromium (Debian's package, never a downloaded one) loads it from a real HTTP server while
// every request that does not go to that server is aborted.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT = 30_000;
const INT_MAX = 2_147_483_647;

describe('GraphiQL in a browser, offline', () => {
  let server: Server;
  let origin: string;
  let profileDir: string | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    server = createServer(createApp({ graphiql: true }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    profileDir = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: WAIT,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('runs the first default tab (TopCreators) and shows the Explorer plugin', async () => {
    const creator = await createMarketplaceInfluencer({
      platform: 'INSTAGRAM',
      username: `graphiql_${process.pid}_${Date.now().toString(36)}`,
      displayName: 'GraphiQL Offline Check',
      followers: INT_MAX,
    });

    const blocked: string[] = [];
    const problems: string[] = [];
    await context!.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
        await route.continue();
      } else {
        blocked.push(`${route.request().method()} ${url}`);
        await route.abort('internetdisconnected');
      }
    });

    const page: Page = context!.pages()[0] ?? (await context!.newPage());
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('requestfailed', (request) =>
      problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
    );
    const diagnostics = () =>
      `\nblocked requests (${blocked.length}):\n  ${blocked.join('\n  ') || '(none)'}` +
      `\npage problems (${problems.length}):\n  ${problems.join('\n  ') || '(none)'}`;

    try {
      const response = await page.goto(`${origin}/graphql`, {
        waitUntil: 'domcontentloaded',
        timeout: WAIT,
      });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toContain('text/html');

      // The query editor (Monaco) is ready once it shows the first default tab's operation.
      await page.waitForFunction(
        () => document.querySelector('.graphiql-query-editor')?.textContent?.includes('TopCreators') ?? false,
        undefined,
        { timeout: WAIT },
      );

      // The Explorer plugin is registered: its sidebar button is there.
      await page
        .locator('.graphiql-sidebar button[aria-label$="GraphiQL Explorer"]')
        .first()
        .waitFor({ state: 'visible', timeout: WAIT });

      const execution = page.waitForResponse(
        (res) => res.url().startsWith(`${origin}/graphql`) && res.request().method() === 'POST',
        { timeout: WAIT },
      );
      await page.locator('button.graphiql-execute-button').first().click({ timeout: WAIT });
      const executed = await execution;
      expect(executed.status()).toBe(200);

      await page.waitForFunction(
        (username) => document.querySelector('.graphiql-response')?.textContent?.includes(username) ?? false,
        creator.username,
        { timeout: WAIT },
      );
      const result = (await page.locator('.graphiql-response').first().textContent()) ?? '';
      expect(result).toContain(creator.username);
      expect(result).not.toMatch(/"errors"/);
    } catch (error) {
      await page.screenshot({ path: '/tmp/graphiql-failure.png' }).catch(() => undefined);
      throw new Error(`${(error as Error).message}${diagnostics()}`, { cause: error });
    }

    await page.screenshot({ path: '/tmp/graphiql.png' });
    // The page worked although everything off-server was blocked (an empty list is fine); say
    // what GraphiQL tried to reach, if anything.
    if (blocked.length > 0) console.warn(`GraphiQL worked offline; ${diagnostics()}`);
  }, 90_000);
});
