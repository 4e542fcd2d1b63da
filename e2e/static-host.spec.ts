import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';

/*
 * The built site is plain files: any static host serves it, from any path. Here a minimal
 * static server (like a host's) serves dist/ under /sub/path/ and sends the headers dist/_headers
 * lists, as Netlify or Cloudflare Pages would; the page, its worker and its lazily loaded parts
 * must all load from there, under that policy.
 */

const BASE = '/sub/path/';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** The `/*` block of a Netlify-style _headers file. */
function headersFor(file: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inBlock = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) inBlock = line.trim() === '/*';
    else if (inBlock) {
      const m = /^\s+([\w-]+):\s*(.*)$/.exec(line);
      if (m) headers[m[1]!] = m[2]!;
    }
  }
  return headers;
}

let server: Server;
let origin: string;
const requests: { url: string; status: number }[] = [];

test.beforeAll(async () => {
  const root = join(process.cwd(), 'dist');
  const headers = headersFor(join(root, '_headers'));
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    let status = 404;
    let file: string | undefined;
    if (path.startsWith(BASE)) {
      const rel = normalize(path.slice(BASE.length) || 'index.html');
      const candidate = join(root, rel);
      if (!rel.startsWith('..') && existsSync(candidate) && statSync(candidate).isFile()) {
        file = candidate;
        status = 200;
      }
    }
    requests.push({ url: path, status });
    res.writeHead(status, { ...headers, 'Content-Type': (file && TYPES[extname(file)]) ?? 'text/plain' });
    if (file) createReadStream(file).pipe(res);
    else res.end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('the static build runs from a sub-path with the _headers policy: page, worker and lazy parts load', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const response = await page.goto(`${origin}${BASE}?scenario=home-lan`);
  expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');

  await expect(page.getByRole('combobox', { name: 'Flow' })).toBeVisible();
  // The engine worker.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toBeVisible();
  // Lazily loaded chunks: the device sections, the share dialog, the lesson gallery.
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('pc1 (host)').click();
  await expect(page.getByRole('textbox', { name: 'Config' })).toBeVisible();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Export as Linux lab' })).toBeVisible();
  expect(await page.getByRole('textbox', { name: 'Share link' }).inputValue()).toMatch(new RegExp(`^${origin}${BASE}#`));
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();

  const loaded = requests.map((r) => r.url);
  expect(loaded.some((u) => /^\/sub\/path\/assets\/engine\.worker-.*\.js$/.test(u))).toBe(true);
  expect(loaded.some((u) => /^\/sub\/path\/assets\/ShareDialog-.*\.js$/.test(u))).toBe(true);
  expect(loaded.some((u) => /^\/sub\/path\/assets\/LessonGallery-.*\.js$/.test(u))).toBe(true);
  expect(requests.filter((r) => r.status !== 200 && !r.url.endsWith('.map'))).toEqual([]);
  expect(problems).toEqual([]);
});
