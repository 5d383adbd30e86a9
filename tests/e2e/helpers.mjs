// Shared set-up for the end-to-end suites: the static server (scripts/serve.mjs) on a free port
// and Debian's headless Chromium through playwright-core (no browser download, ever).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Mock mode (WENFENG_E2E_MOCK=1): the page's ?backend=mock served from the native CLI. */
export const MOCK = process.env.WENFENG_E2E_MOCK === '1';
/** Screenshots and downloads of the last run; mock runs keep theirs apart (artifacts/mock/). */
export const artifacts = join(repo, 'tests', 'e2e', 'artifacts', ...(MOCK ? ['mock'] : []));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Why the page suite cannot run here, or null. A missing prerequisite fails the suite (so
 * `npm run test:e2e` never passes without having tested the real page); WENFENG_E2E_ALLOW_SKIP=1
 * turns that into a skip, for machines that cannot run a browser.
 */
export function missingReason() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing — run scripts/install-browser-deps.sh`;
  if (!existsSync(join(repo, 'www', 'dist', 'app.js'))) return 'www/dist/app.js is missing — run `node scripts/build-www.mjs` first';
  if (MOCK) return null;
  if (!existsSync(join(repo, 'www', 'pkg', 'wenfeng.js'))) {
    return 'www/pkg/wenfeng.js is missing (the wasm package; run `make wasm`). To test the UI without it: npm run test:e2e:mock (WENFENG_E2E_MOCK=1, needs a built CLI).';
  }
  return null;
}

export const ALLOW_SKIP = process.env.WENFENG_E2E_ALLOW_SKIP === '1';

/** The reason to skip (only with WENFENG_E2E_ALLOW_SKIP=1), or null. */
export function skipReason() {
  return ALLOW_SKIP ? missingReason() : null;
}

export async function startServer() {
  const { startServer: start } = await import(join(repo, 'scripts', 'serve.mjs'));
  return start({ port: 0, mock: MOCK, quiet: true });
}

export async function launch() {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'wenfeng-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--headless'],
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  mkdirSync(artifacts, { recursive: true });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The page URL for a test (mock mode adds ?backend=mock). */
export function pageUrl(base, params = {}) {
  const u = new URL(base);
  if (MOCK) u.searchParams.set('backend', 'mock');
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.href;
}

export async function shot(page, name, opts = {}) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), ...opts });
}
