import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './build/security-headers';

/*
 * What the app's own source may not do, checked over every source file: no code from strings
 * (eval, new Function, string timers), no markup from strings except the one sanitised markdown
 * renderer, and no network of its own (a shared link or an imported file must not make the page
 * talk to anyone). The built files are checked the same way in e2e/security.spec.ts.
 */

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'fuzz-support.ts' ? [path] : [];
  });
}

const files = sources(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

function offenders(pattern: RegExp, allowed: string[] = []): string[] {
  return files.filter((f) => pattern.test(f.text) && !allowed.includes(f.path)).map((f) => f.path);
}

describe('source rules', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.path === 'src/ui/lessons/Markdown.tsx')).toBe(true);
  });

  it('no code from strings', () => {
    expect(offenders(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*['"`]|set(Timeout|Interval)\s*\(\s*['"`]/)).toEqual([]);
  });

  it('markup from strings only in the sanitised markdown renderer', () => {
    expect(offenders(/dangerouslySetInnerHTML/, ['src/ui/lessons/Markdown.tsx'])).toEqual([]);
    expect(offenders(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment/)).toEqual([]);
  });

  it('no network: no fetch, XHR, WebSocket, EventSource or beacon', () => {
    // canvasImage.ts hands the canvas to html-to-image, which reads same-origin styles only.
    expect(offenders(/\bfetch\s*\(|XMLHttpRequest|new\s+WebSocket|EventSource|sendBeacon|importScripts/)).toEqual([]);
  });

  it('index.html: no inline script; its CSP comes from src/build/security-headers.ts and allows scripts from this origin only', () => {
    const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    // One source of truth: the vite plugin injects the policy, index.html holds none of its own.
    expect(html).not.toContain('Content-Security-Policy');
    for (const csp of [contentSecurityPolicy('build'), contentSecurityPolicy('dev')]) {
      const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
      expect(directive('script-src')).toBe("script-src 'self'");
      expect(directive('default-src')).toBe("default-src 'self'");
      expect(directive('object-src')).toBe("object-src 'none'");
      expect(directive('base-uri')).toBe("base-uri 'none'");
    }
  });
});
