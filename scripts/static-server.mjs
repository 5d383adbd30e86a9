// The static-file serving shared by the demo page's server (scripts/serve.mjs) and the extension
// tests' fixture server (tests/extension/server.mjs): MIME types, GET/HEAD of files below a root
// (index.html for folders, no escape from the root), listening and closing. No dependencies.
import { createReadStream, promises as fs } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** Content types both servers send; each adds its own extras. */
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** True for the methods a static server answers (GET and HEAD). */
export function isRead(req) {
  return req.method === 'GET' || req.method === 'HEAD';
}

/**
 * Answers one request with the file below `root` (an absolute, resolved path) that `url.pathname`
 * names: 405 for other methods than GET/HEAD, 403 outside the root, 404, a 302 to the folder's
 * `/` for a folder, else 200 with `mime`'s content type and `headers[path]` (per-path extras).
 * `onStatus(status)` is called with every status before it is sent.
 */
export async function serveFile(req, res, url, { root, mime = MIME, headers = {}, onStatus = () => {} }) {
  const send = (status, head, body) => {
    onStatus(status);
    res.writeHead(status, head);
    res.end(body);
  };
  if (!isRead(req)) return send(405, { allow: 'GET, HEAD' });
  let path = decodeURIComponent(url.pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return send(403, {}, 'forbidden');
  let st;
  try {
    st = await fs.stat(file);
  } catch {
    return send(404, { 'content-type': 'text/plain; charset=utf-8' }, `not found: ${path}`);
  }
  if (st.isDirectory()) return send(302, { location: `${url.pathname}/` });
  onStatus(200);
  res.writeHead(200, {
    'content-type': mime[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': st.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(headers[path] ?? {}),
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

/** Listens on `host:port` (0: a free port); resolves to the port, rejects when it cannot listen. */
export async function listen(server, port, host) {
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  return server.address().port;
}

/** A `close()` that drops open connections and resolves once the server has stopped. */
export function closer(server) {
  return () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); });
}
