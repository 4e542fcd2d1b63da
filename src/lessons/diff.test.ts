import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/api';
import type { ScenarioDoc } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { PAIRS } from '.';
import { configDiff, firstDivergence, lineDiff } from './diff';
import { renderMarkdown } from './markdown';
import { why } from '../engine/trace/why';

const doc = (name: string): ScenarioDoc => JSON.parse(BUILTIN_SCENARIOS[name]!) as ScenarioDoc;
function events(name: string, on: string, command: string): TraceEvent[] {
  const r = runScenario({ doc: BUILTIN_SCENARIOS[name]!, on, command });
  if (!r.ok) throw new Error(name);
  return r.events;
}

describe('what changed', () => {
  it('line diff: kept, removed and added lines in order', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ]);
    expect(lineDiff([], [])).toEqual([]);
  });

  it('hairpin: only the router differs, by the second MASQUERADE line', () => {
    const d = configDiff(doc('hairpin-nat-broken'), doc('hairpin-nat-fixed'));
    expect(d.map((x) => x.device)).toEqual(['router']);
    expect(d[0]!.lines.filter((l) => l.op !== 'same')).toEqual([
      { op: 'added', text: 'iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE' },
    ]);
  });

  it('hairpin: the runs part in nat POSTROUTING on the router', () => {
    const pair = PAIRS.find((p) => p.broken === 'hairpin-nat-broken')!;
    const a = events(pair.broken, pair.on, pair.run);
    const b = events(pair.fixed, pair.on, pair.run);
    const d = firstDivergence(a, b)!;
    expect(d).toBeDefined();
    expect(a.slice(0, d.index).map((e) => why(e))).toEqual(b.slice(0, d.index).map((e) => why(e)));
    expect(d.a).toMatchObject({ device: 'router', kind: 'hook' });
    expect(why(d.a!)).toBe('nat POSTROUTING: no rule decided; policy ACCEPT');
    expect(d.b).toMatchObject({ device: 'router', kind: 'hook' });
    expect(why(d.b!)).toBe('nat POSTROUTING: rule 2 of POSTROUTING matched: MASQUERADE');
  });

  it('every pair has a config difference and runs that part', () => {
    for (const pair of PAIRS) {
      expect(configDiff(doc(pair.broken), doc(pair.fixed)).length, pair.broken).toBeGreaterThan(0);
      expect(firstDivergence(events(pair.broken, pair.on, pair.run), events(pair.fixed, pair.on, pair.run)), pair.broken).toBeDefined();
    }
  });

  it('identical traces do not part; a shorter one parts where it ends', () => {
    const a = events('home-lan', 'pc1', 'ping -c 1 -W 1 192.168.1.3');
    expect(firstDivergence(a, a)).toBeUndefined();
    expect(firstDivergence(a, a.slice(0, 5))).toEqual({ index: 5, a: a[5], b: undefined });
  });
});

describe('about text as markdown', () => {
  it('escapes raw HTML and keeps only safe links', () => {
    const html = renderMarkdown('**bold** <script>alert(1)</script> <img src=x onerror=alert(1)> [ok](https://example.org) [bad](javascript:alert(1)) [bad2](data:text/html,x) <javascript:alert(1)> ![img](https://example.org/x.png)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<script|<img|href="javascript|href="data/i);
    expect(html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer nofollow">ok</a>');
  });

  it('renders every built-in about text', () => {
    for (const name of Object.keys(BUILTIN_SCENARIOS)) expect(renderMarkdown(doc(name).about ?? '')).toMatch(/^<p>|^<ol>|^<ul>/);
  });
});
