import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dropScenario, untilStill } from './support';

/*
 * Scenario text is only ever text: a hostile scenario, imported from a file or opened from a
 * shared link, shows its markup literally, runs nothing and fetches nothing. The built app has
 * no inline script and a CSP that forbids them and eval (checked on the files the tests serve).
 */

const PWN = 'window.__pwned = true';
const RLO = '\u202e'; // right-to-left override: shown, not obeyed as markup
const hostile = {
  hairpin: 1,
  title: `<img src=x onerror="${PWN}"> Lab ${RLO}txt.exe`,
  about: [
    `<script>${PWN}</script>`,
    '',
    `<img src=x onerror="${PWN}"> and <iframe src="https://evil.example/"></iframe>`,
    '',
    `[click me](javascript:${PWN}) [data](data:text/html,<script>${PWN}</script>) ![pic](https://evil.example/pixel.png) \u202eevil`,
  ].join('\n'),
  devices: {
    pc1: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0', `# <script>${PWN}</script>`, `# <img src=x onerror="${PWN}">`, '# \u202etxt.exe'] },
    pc2: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
  },
  links: [['pc1:eth0', 'pc2:eth0']],
  flows: [{ on: 'pc1', run: 'ping -c 1 -W 1 10.0.0.2', title: `<b onmouseover="${PWN}">bold?</b> \u0007bell` }],
};

/** Fails the test on any dialog, page error or console error, and on requests off this origin. */
function watch(page: Page, origin: string) {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request: ${url}`);
  });
  return problems;
}

async function expectHarmless(page: Page) {
  // Markup as text; an invisible control shown as its code point, so it cannot reorder the title.
  await expect(page.locator('.scenario-title')).toHaveText(`<img src=x onerror="${PWN}"> Lab [U+202E]txt.exe`);
  const about = page.locator('.lesson-about');
  await expect(about).toContainText(`<script>${PWN}</script>`);
  await expect(about).toContainText('<iframe src="https://evil.example/"></iframe>');
  await expect(about).toContainText(`[click me](javascript:${PWN})`);
  await expect(about).toContainText('[U+202E]evil');
  await expect(page.getByRole('combobox', { name: 'Flow' }).locator('option').first()).toContainText(`<b onmouseover="${PWN}">bold?</b> [U+0007]bell`);
  // Nothing the text describes exists as an element, and nothing ran.
  await expect(page.locator('img[src="x"], iframe, [onerror], [onmouseover], a[href^="javascript"], a[href^="data"]')).toHaveCount(0);
  await expect(page.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
}

test('a hostile scenario file shows its markup as text, and its shared link runs and fetches nothing', async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const problems = watch(page, origin);
  await page.goto('/');
  await dropScenario(page, hostile, 'hostile.json');
  await expectHarmless(page);

  // The config, in the editor, is text too; and a run works.
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('pc1 (host)').click();
  await expect(page.getByRole('textbox', { name: 'Config' })).toContainText(`# <img src=x onerror="${PWN}">`);
  await expect(page.getByRole('textbox', { name: 'Config' }).locator('.cm-specialChar')).toHaveCount(1);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('ping got 1 reply');
  await expect(page.locator('img[src="x"], script:not([src])')).toHaveCount(0);

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(problems).toEqual([]);

  // Someone else opens the link.
  const other = await (await browser.newContext()).newPage();
  const otherProblems = watch(other, origin);
  await other.goto(link);
  await expectHarmless(other);
  await other.getByRole('button', { name: 'Run' }).click();
  await expect(other.getByRole('region', { name: 'Summary' })).toContainText('ping got 1 reply');
  expect(otherProblems).toEqual([]);
});

test('a link whose text is hostile markup is refused with a message, and fetches nothing', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto(`/#v1.${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
  await expect(page.getByRole('alert')).toContainText('could not be opened');
  await page.goto(`/?scenario=${encodeURIComponent('<script>alert(1)</script>')}`);
  await expect(page.getByRole('region', { name: 'Canvas' })).toBeVisible();
  await expect(page.locator('img[src="x"], script:not([src])')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the page forbids eval and inline scripts (CSP)', async ({ page }) => {
  // A probe served from this origin (allowed by script-src 'self'), so the page's CSP applies
  // to it as to the app's own code (code Playwright evaluates is exempt).
  const probe = `
    const out = [];
    try { eval('1'); out.push('eval ran'); } catch (e) { out.push(e.name); }
    try { new Function('return 1')(); out.push('Function ran'); } catch (e) { out.push(e.name); }
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.head.append(s);
    out.push(window.__inline ? 'inline ran' : 'inline blocked');
    window.__probe = out;`;
  await page.route('**/csp-probe.js', (route) => route.fulfill({ contentType: 'text/javascript', body: probe }));
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Canvas' })).toBeVisible();
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/csp-probe.js';
    document.head.append(s);
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __probe?: string[] }).__probe)).toEqual(['EvalError', 'EvalError', 'inline blocked']);
});

test('the built files: no inline script, a strict CSP, no eval or new Function', () => {
  const html = readFileSync('dist/index.html', 'utf8');
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    // Relative, so the site works from any path (see static-host.spec.ts).
    expect(attrs).toMatch(/\bsrc="\.\/assets\//);
    expect(body!.trim()).toBe('');
  }
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(csp).not.toContain('unsafe-eval');
  // The meta tag comes before anything it governs.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.search(/<script|<link rel="(stylesheet|modulepreload)"/));
  // Static hosts that read _headers send the same policy as a header, with frame-ancestors.
  const headers = readFileSync('dist/_headers', 'utf8');
  expect(headers).toContain(`/*\n  Content-Security-Policy: ${csp}; frame-ancestors 'none'\n`);
  expect(headers).toContain('  X-Content-Type-Options: nosniff\n');
  expect(headers).toContain('  Referrer-Policy: no-referrer\n');
  const js = readdirSync('dist/assets').filter((f) => f.endsWith('.js'));
  expect(js.some((f) => f.startsWith('engine.worker'))).toBe(true);
  for (const f of js) {
    const text = readFileSync(`dist/assets/${f}`, 'utf8');
    expect(text, f).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\(\s*["'`]/);
  }
});

test('a config line with a shell expansion is an error in place, and the Share menu builds no lab from it', async ({ page }) => {
  await page.goto('/');
  const doc = {
    hairpin: 1,
    title: 'Expansions',
    devices: { pc1: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0', 'iptables -A INPUT -m comment --comment "$(touch /tmp/x)" -j ACCEPT'] } },
    links: [],
    flows: [],
  };
  await dropScenario(page, doc, 'expansions.json');
  // The imported diagram is fitted with an animation: click the device once the view is still.
  const pc1 = page.getByRole('region', { name: 'Canvas' }).getByLabel('pc1 (host)');
  await untilStill(pc1);
  await pc1.click();
  const problems = page.getByRole('list', { name: 'Config problems' });
  await expect(problems).toContainText('command substitution ($(…)) is not simulated');
  await expect(problems.getByRole('button', { name: /^Line 2, column 41/ })).toBeVisible();
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await page.getByRole('button', { name: 'Export as Linux lab' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'No lab' })).toContainText('pc1, config line 2, column 41: hairpin: command substitution');
  expect(downloaded).toBe(false);
});
