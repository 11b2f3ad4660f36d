// Offline reading: registers the service worker (../sw.js) and hands it the address of
// everything this page loaded (the page, its modules and styles, the wasm) and of whatever it
// fetches later (an index file from ?index=, say), so that a reload without a network still
// works. Once the page, its modules and styles and the wasm are stored,
// <html data-offline="ready"> says so and a `newsdex-offline-ready` event fires on window.
// Service workers need http(s): a page opened from file:// (dist/newsdex.html) skips all this.
import init from '/pkg/newsdex.js';

if ('serviceWorker' in navigator && /^https?:$/.test(window.location.protocol)) {
  // Only what this origin served successfully (a 404 for a mistyped ?index= is nothing to keep);
  // browsers without responseStatus get every entry, and the worker skips what fails.
  const addresses = (entries) => entries
    .filter((entry) => new URL(entry.name).origin === window.location.origin && !(entry.responseStatus >= 400))
    .map((entry) => entry.name);

  /** Sends addresses to the active worker and resolves with its answer: `{ failed }`. */
  const keep = (worker, urls) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage({ type: 'newsdex-keep', urls }, [channel.port2]);
  });

  const start = async () => {
    await navigator.serviceWorker.register(new URL('../sw.js', import.meta.url));
    const worker = (await navigator.serviceWorker.ready).active;
    // The page's own init() call and this one share one load, so after it the wasm's fetch
    // has finished and is listed with the rest of what the page loaded.
    await init();
    const loaded = addresses(performance.getEntriesByType('resource'));
    new PerformanceObserver((list) => {
      const later = addresses(list.getEntries());
      if (later.length) keep(worker, later);
    }).observe({ type: 'resource' });
    const { failed } = await keep(worker, [window.location.href, ...loaded]);
    if (failed.length) {
      console.warn(`newsdex: could not keep these for offline reading: ${failed.join(', ')}`);
      return;
    }
    document.documentElement.dataset.offline = 'ready';
    window.dispatchEvent(new Event('newsdex-offline-ready'));
  };

  const begin = () => start().catch((error) => console.warn(`newsdex: offline reading is not available: ${error.message}`));
  // After the page's own loading, so that registering never competes with it.
  if (document.readyState === 'complete') begin();
  else window.addEventListener('load', begin, { once: true });
}
