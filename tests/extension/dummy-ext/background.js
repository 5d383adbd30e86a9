// The dummy extension's service worker: answers a ping from the content script.
self.addEventListener('install', () => self.skipWaiting());
chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (msg?.type === 'ping') reply({ type: 'pong', frameId: sender.frameId });
});
globalThis.dummyReady = true;
