// Offline reading: registers the service worker (../sw.js) and hands it the address of
// everything this page has loaded (the page, its modules and styles, the wasm, an index file),
// including what finishes loading later, so a reload without a network still works. When the
// worker has stored what had loaded by then, <html data-offline="ready"> says so (and a
// `newsdex-offline-ready` event fires on window). Service workers need http(s): a page opened
// from file:// (such as dist/newsdex.html) skips all this.
if ('serviceWorker' in navigator && /^https?:$/.test(window.location.protocol)) {
  const workerUrl = new URL('../sw.js', import.meta.url);
  const sameOrigin = (url) => new URL(url).origin === window.location.origin;

  /** Sends addresses to the active worker and resolves with its answer: `{ kept, failed }`. */
  const keep = (worker, urls) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage({ type: 'newsdex-keep', urls }, [channel.port2]);
  });

  const start = async () => {
    await navigator.serviceWorker.register(workerUrl);
    const worker = (await navigator.serviceWorker.ready).active;
    let first = true;
    // `buffered` delivers what loaded before this point too, then each later batch.
    new PerformanceObserver(async (list) => {
      const urls = list.getEntries().map((entry) => entry.name).filter(sameOrigin);
      if (!first) {
        if (urls.length) keep(worker, urls);
        return;
      }
      first = false;
      const { failed } = await keep(worker, [window.location.href, ...urls]);
      if (failed.length) {
        console.warn(`newsdex: could not keep these for offline reading: ${failed.join(', ')}`);
        return;
      }
      document.documentElement.dataset.offline = 'ready';
      window.dispatchEvent(new Event('newsdex-offline-ready'));
    }).observe({ type: 'resource', buffered: true });
  };

  const begin = () => start().catch((error) => console.warn(`newsdex: offline reading is not available: ${error.message}`));
  // After the page's own loading, so that registering never competes with it.
  if (document.readyState === 'complete') begin();
  else window.addEventListener('load', begin, { once: true });
}
