/*
 * Runs bench/chromium-worker.ts in Debian's Chromium, in a dedicated module worker as the page
 * runs its engine, and prints the runs as JSON (bench/engine.ts spawns this with tsx:
 * `npx tsx bench/chromium.ts '{"flow":"ping","record":true,"warmups":20,"reps":21}'`).
 * The worker is bundled and minified as Vite builds the page's worker. The page is served with
 * COOP and COEP so that the worker is cross-origin isolated: performance.now() then has 5 µs
 * steps (100 µs otherwise, a few percent of a flow).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { launchChromium } from './browser';
import type { ChromiumAnswer, ChromiumRequest } from './chromium-worker';

const request = JSON.parse(process.argv[2] ?? '{}') as ChromiumRequest;

const bundled = await build({
  entryPoints: [new URL('./chromium-worker.ts', import.meta.url).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});
const workerJs = bundled.outputFiles[0]!.text;

const page = '<!doctype html><meta charset="utf-8"><title>engine in a worker</title>';
const server = createServer((req, res) => {
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
  if (req.url === '/worker.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(workerJs);
  else if (req.url === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(page);
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  await tab.goto(`${origin}/`);
  const answer = await tab.evaluate(
    (req) =>
      new Promise<ChromiumAnswer>((resolve, reject) => {
        const worker = new Worker('/worker.js', { type: 'module' });
        worker.onmessage = (e: MessageEvent<ChromiumAnswer>) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(req);
      }),
    request,
  );
  process.stdout.write(JSON.stringify(answer));
} finally {
  await browser.close();
  server.close();
}
