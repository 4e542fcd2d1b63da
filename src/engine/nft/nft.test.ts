import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNft } from '../command/nft';
import { Stack, type KernelEnv } from '../kernel/stack';
import { runNftCommand } from './tool';

/*
 * nft as the real one (nftables 1.0.6 on this machine's kernel) answered each step of each case
 * in fixtures/nft/real-nft.json: what it printed on stdout and stderr, and its exit status. The
 * cases were recorded by scripts/nft/capture.ts, each in a namespace of its own.
 */

interface Step {
  args?: string;
  options?: string[];
  stdin?: string;
  files?: Record<string, string>;
}
interface Case {
  name: string;
  steps: Step[];
  results: { stdout: string; stderr: string; status: number }[];
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/nft/real-nft.json'), 'utf8')) as { nft: string; cases: Case[] };

function namespace(): Stack {
  const env: KernelEnv = { now: () => 0, schedule: () => 0, cancel: () => undefined, transmit: () => undefined, trace: () => undefined, tracing: () => false, random: () => 0.5 };
  return new Stack('h', env, [{ name: 'eth0', mac: '02:00:00:00:01:01', linked: true }]);
}

/** One step as the command line gives it to nft: its options as words, the command as one word. */
function runStep(stack: Stack, s: Step) {
  for (const [path, text] of Object.entries(s.files ?? {})) stack.files.texts.set(path, text);
  const words = [...(s.options ?? []), ...(s.args !== undefined ? [s.args] : [])].map((text, i) => ({ text, column: 5 + i }));
  const stdin = s.stdin !== undefined ? { lines: s.stdin.replace(/\n$/, '').split('\n'), firstLine: 1, indents: [] } : undefined;
  const cmd = parseNft(words, { name: 'nft', column: 1, end: 100, ...(stdin ? { stdin } : {}) });
  return runNftCommand(stack, cmd);
}

describe(`nft prints what ${fixture.nft} printed, and exits as it did`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const stack = namespace();
      c.steps.forEach((s, i) => {
        const { stdout, stderr, status } = runStep(stack, s);
        const got = { stdout, stderr, status };
        const want = c.results[i]!;
        const shown = `${s.options?.join(' ') ?? ''} ${s.args ?? ''}`.trim();
        expect({ step: shown, ...got }).toEqual({ step: shown, ...want });
      });
    });
  }
});
