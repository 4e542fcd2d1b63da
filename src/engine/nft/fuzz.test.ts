import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNft, type NftHost } from './run';
import { emptyRuleset } from './ruleset';

/*
 * Scenario text is untrusted: whatever nft is given, it answers with a message and an exit
 * status, never a crash. Inputs are the recorded cases' texts cut and spliced with their own
 * words (a seeded generator: the same inputs every run).
 */

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/nft/real-nft.json'), 'utf8')) as { cases: { steps: { args?: string; stdin?: string; files?: Record<string, string> }[] }[] };
const corpus = fixture.cases.flatMap((c) => c.steps.flatMap((s) => [s.args, s.stdin, ...Object.values(s.files ?? {})].filter((t): t is string => t !== undefined)));
const words = corpus.join(' ').split(/(\s+)/);

describe('nft never crashes on what it is given', () => {
  it('3000 mangled inputs: each ends with an exit status and, when it fails, a message', () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (let i = 0; i < 3000; i++) {
      const base = corpus[rnd(corpus.length)]!;
      const at = rnd(base.length + 1);
      const text = i % 2 ? base.slice(0, at) + words[rnd(words.length)] + base.slice(at + rnd(12)) : Array.from({ length: 1 + rnd(12) }, () => words[rnd(words.length)]).join(' ');
      let rs = emptyRuleset();
      const host: NftHost = { get ruleset() { return rs; }, commit: (r) => { rs = r; return undefined; }, ifindex: (n) => (n === 'lo' ? 1 : undefined), readFile: () => undefined };
      runNft(host, { text: 'add table ip t; add chain ip t c; add table inet filter' }, { handles: false, check: false });
      const out = runNft(host, { text, ...(i % 3 ? {} : { name: '/etc/nftables.conf' }) }, { handles: true, check: false });
      expect(out.status === 0 || /Error: /.test(out.stderr)).toBe(true);
      expect(runNft(host, { text: 'list ruleset' }, { handles: true, check: false }).status).toBe(0);
    }
  });
});
