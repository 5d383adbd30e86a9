// launchWithExtension() works headless with Debian's Chromium: a dummy MV3 extension (dummy-ext/:
// a service worker and a content script that attaches an empty <wenfeng-overlay>) loads, its
// worker is found, and its content script runs in the top frame and in same-origin iframes
// (about:blank, srcdoc, src) — match_about_blank / match_origin_as_fallback included.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { here, launchWithExtension, missingReason, openFixture, overlayMarks, startFixtureServer, watchRequests } from './harness.mjs';

const missing = missingReason();

describe('launchWithExtension (dummy MV3 extension)', { skip: missing ?? false }, () => {
  let server;
  let browser;
  let requests;

  before(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension(join(here, 'dummy-ext'));
    requests = watchRequests(browser.context);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds the service worker and the extension id', async () => {
    assert.match(browser.extensionId, /^[a-p]{32}$/);
    assert.equal(browser.worker.url(), browser.extensionUrl('background.js'));
    assert.equal(await browser.worker.evaluate(() => globalThis.dummyReady), true);
  });

  it('runs the content script in the page and its same-origin frames; the worker answers', async () => {
    const { page, errors } = await openFixture(browser.context, server, 'iframe.html');
    await page.waitForFunction(() => document.querySelector(':root > wenfeng-overlay')?.hasAttribute('data-pong'), null, { timeout: 10000 });
    assert.deepEqual(JSON.parse(await page.evaluate(() => document.querySelector(':root > wenfeng-overlay').getAttribute('data-pong'))), { type: 'pong', frameId: 0 });
    const byUrl = {};
    for (const f of page.frames()) byUrl[f.url()] = (byUrl[f.url()] ?? 0) + (await f.evaluate(() => (document.querySelector(':root > wenfeng-overlay') ? 1 : 0)));
    assert.equal(byUrl[new URL('iframe.html', server.url).href], 1, 'top frame');
    assert.equal(byUrl[new URL('iframe-child.html', server.url).href], 1, 'same-origin src frame');
    assert.equal(byUrl['about:srcdoc'], 1, 'srcdoc frame (match_about_blank / match_origin_as_fallback)');
    assert.ok(byUrl['about:blank'] >= 1, 'about:blank frames');
    // overlayMarks sees the dummy overlay's (hidden) mark in each frame that has one.
    const marks = await overlayMarks(page);
    assert.ok(marks.length >= 3 && marks.every((m) => m.rule === 'dummy.rule' && m.hidden && m.host === 'documentElement'));
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.foreign(server.origin, { allowExtension: true }).map((r) => r.url), []);
    await page.close();
  });
});
