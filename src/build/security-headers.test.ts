import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile, responseHeaders, securityHeaders, withPolicyMeta } from './security-headers';

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('the site security policy (one source for the meta tag and _headers)', () => {
  it('built: scripts and connections to this origin only, no plugins, no <base>, no forms', () => {
    const csp = directives(contentSecurityPolicy('build'));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(contentSecurityPolicy('build')).not.toMatch(/unsafe-eval|frame-ancestors/);
    expect(directives(contentSecurityPolicy('dev')).get('connect-src')).toEqual(["'self'", 'ws:']);
  });

  it('_headers sends the same policy for every path, plus frame-ancestors (a meta tag cannot) and nosniff / no-referrer', () => {
    const file = headersFile();
    expect(file).toMatch(/^# .*\n\/\*\n/);
    const headers = Object.fromEntries([...file.matchAll(/^ {2}([\w-]+): (.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(headers).toEqual(responseHeaders());
    expect(headers['Content-Security-Policy']).toBe(`${contentSecurityPolicy('build')}; frame-ancestors 'none'`);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });

  it('the vite plugin puts the meta tag before any script or style and emits _headers with the build', () => {
    const plugin = securityHeaders();
    const hook = <T>(h: unknown) => (typeof h === 'function' ? h : (h as { handler: T }).handler) as (...a: unknown[]) => unknown;
    const html = '<html><head>\n    <meta charset="UTF-8" />\n    <script type="module" src="/x.js"></script></head></html>';
    hook(plugin.configResolved)({ command: 'build' });
    const built = hook(plugin.transformIndexHtml)(html, {}) as string;
    expect(built).toBe(`<html><head>\n    <meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('build')}" />\n    <script type="module" src="/x.js"></script></head></html>`);
    expect(withPolicyMeta('<html><head><title>t</title></head></html>', 'p')).toBe('<html><head>\n    <meta http-equiv="Content-Security-Policy" content="p" /><title>t</title></head></html>');
    const emitted: unknown[] = [];
    hook(plugin.generateBundle).call({ emitFile: (f: unknown) => emitted.push(f) }, {}, {}, false);
    expect(emitted).toEqual([{ type: 'asset', fileName: '_headers', source: headersFile() }]);
    hook(plugin.configResolved)({ command: 'serve' });
    expect(hook(plugin.transformIndexHtml)(html, {})).toContain(`content="${contentSecurityPolicy('dev')}"`);
  });
});
