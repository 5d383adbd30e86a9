#!/usr/bin/env node
// A tiny static server for the demo page: serves www/ at http://localhost:8080 (no dependencies).
//   node scripts/serve.mjs [--port N] [--host H] [--root DIR]
// Correct MIME types for .wasm (application/wasm, needed for streaming compilation) and .mjs.
// `--mock` (dev/test only) also answers the mock analyzer backend used by `?backend=mock`; it runs
// the native CLI and lives in tests/e2e/mock-backend.mjs. The page never uses it by default.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closer, listen, MIME as STATIC_MIME, serveFile } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ROOT = resolve(here, '..', 'www');

const MIME = {
  ...STATIC_MIME,
  '.md': 'text/markdown; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to { url, port, close() }. Port 0 picks a free port. */
export async function startServer({ root = DEFAULT_ROOT, port = 8080, host = '127.0.0.1', mock = false, quiet = false } = {}) {
  const rootDir = resolve(root);
  let mockHandler = null;
  if (mock) {
    const mod = await import(pathToFileURL(resolve(here, '..', 'tests', 'e2e', 'mock-backend.mjs')).href);
    mockHandler = await mod.createMockBackend({ quiet });
  }
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/__mock__/')) {
        if (!mockHandler) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'mock backend not enabled (start scripts/serve.mjs with --mock)' }));
          return;
        }
        await mockHandler(req, res, url);
        return;
      }
      await serveFile(req, res, url, { root: rootDir, mime: MIME });
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(e));
    }
  });
  const actual = await listen(server, port, host);
  const shownHost = host === '127.0.0.1' || host === '::1' || host === '0.0.0.0' ? 'localhost' : host;
  const result = {
    port: actual,
    url: `http://${shownHost}:${actual}/`,
    close: closer(server),
  };
  if (!quiet) console.log(`文风 Wenfeng demo: serving ${rootDir} at ${result.url}${mock ? ' (mock analyzer backend enabled: open ?backend=mock)' : ''}`);
  return result;
}

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(arg('--port', process.env.PORT ?? '8080'));
  const host = arg('--host', process.env.HOST ?? '127.0.0.1');
  const root = arg('--root', DEFAULT_ROOT);
  const mock = process.argv.includes('--mock');
  try {
    await fs.access(join(resolve(root), 'dist', 'app.js'));
  } catch {
    console.error('serve: www/dist/app.js is missing — run `node scripts/build-www.mjs` (or `make demo`) first.');
  }
  try {
    await fs.access(join(resolve(root), 'pkg', 'wenfeng.js'));
  } catch {
    if (!mock) console.error('serve: www/pkg/wenfeng.js is missing — run `make wasm`; the page cannot analyse without it.');
  }
  startServer({ root, port, host, mock }).catch((e) => {
    console.error(`serve: cannot listen on ${host}:${port}: ${e.message}`);
    process.exit(2);
  });
}
