#!/usr/bin/env node
// The fixture server for the extension's end-to-end tests: serves tests/extension/fixtures/ over
// http on 127.0.0.1 (random port by default), with per-page response headers (the CSP pages) and
// a log of every request it receives, so a test can assert that the extension caused none.
//   node tests/extension/server.mjs [--port N]      (prints the URL; Ctrl+C stops it)
//
//   const server = await startFixtureServer({ port: 0 });
//   server.url          'http://127.0.0.1:PORT/'
//   server.origin       'http://127.0.0.1:PORT'
//   server.requests     [{ method, path, url, headers, status, time }]  (every request, in order)
//   server.clearRequests()
//   server.requestsSince(mark) / server.mark()   requests received after a mark
//   await server.close()
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closer, isRead, listen, MIME as STATIC_MIME, serveFile } from '../../scripts/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = join(here, 'fixtures');

const MIME = {
  ...STATIC_MIME,
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Response headers per page path (besides content-type etc.). */
export const PAGE_HEADERS = {
  '/csp.html': { 'content-security-policy': "script-src 'self'" },
  '/csp-strict.html': {
    'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'",
  },
};

/**
 * Starts the server. `headers` adds or overrides per-path response headers ({ '/x.html': {...} }).
 * `root` defaults to tests/extension/fixtures.
 */
export async function startFixtureServer({ port = 0, host = '127.0.0.1', root = FIXTURES_DIR, headers = {}, quiet = true } = {}) {
  const rootDir = resolve(root);
  const pageHeaders = { ...PAGE_HEADERS, ...headers };
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const entry = { method: req.method, path: '', url: req.url ?? '/', headers: { ...req.headers }, status: 0, time: Date.now() };
    requests.push(entry);
    const send = (status, head, body) => {
      entry.status = status;
      res.writeHead(status, head);
      res.end(body);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      entry.path = url.pathname;
      if (!quiet) console.log(`${req.method} ${req.url}`);
      if (isRead(req) && url.pathname === '/favicon.ico') return send(204, { 'cache-control': 'max-age=3600' });
      await serveFile(req, res, url, { root: rootDir, mime: MIME, headers: pageHeaders, onStatus: (status) => { entry.status = status; } });
    } catch (e) {
      if (!res.headersSent) send(500, { 'content-type': 'text/plain; charset=utf-8' }, String(e));
      else res.end();
    }
  });
  const actual = await listen(server, port, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  return {
    port: actual,
    origin,
    url: `${origin}/`,
    requests,
    clearRequests: () => { requests.length = 0; },
    mark: () => requests.length,
    requestsSince: (mark) => requests.slice(mark),
    close: closer(server),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const port = i >= 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 0);
  const s = await startFixtureServer({ port, quiet: false });
  console.log(`extension fixtures: ${s.url}  (pages: ${s.url}index.html)`);
}
