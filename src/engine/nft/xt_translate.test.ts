import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioOf } from '../sim/testing';
import { runCommand } from '../sim/run';

/*
 * iptables-nft writes its tables into nf_tables, so `nft list` shows them beside nft's own, in
 * the order the kernel created them, each rule translated as nft 1.0.6 reads it back: native
 * expressions where iptables-nft wrote them, an x_tables extension by its own translation (or
 * `xt match NAME`), and on stderr a warning for each table holding such an extension. Compared
 * byte for byte with the real tools' output on this machine (fixtures/nft/, captured by
 * scripts/nft/capture-cases.ts with iptables 1.8.9 (nf_tables) and nft 1.0.6).
 */

interface Capture {
  run: string;
  stdout: string;
  stderr: string;
  exit: number;
}

const fixture = (name: string): Capture => JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/nft', `${name}.json`), 'utf8')) as Capture;

/**
 * Replays a capture: every command before the last one configures a lone host, the last one
 * (an nft list) runs as a flow. Its `run` is `a && b && … && nft list …`.
 */
function replay(name: string) {
  const c = fixture(name);
  const steps = c.run.split(' && ');
  const last = steps.pop()!;
  const s = scenarioOf({ h: { ports: ['eth0'], config: steps } }, []);
  const r = runCommand(s, 'h', last);
  expect(r.configIssues).toEqual([]);
  return { got: { stdout: r.stdout, stderr: r.stderr, exit: r.exit }, want: { stdout: c.stdout, stderr: c.stderr, exit: c.exit } };
}

describe('nft list on a namespace iptables-nft wrote to (its tables are nf_tables tables)', () => {
  it('lists filter, nat, mangle and raw as nft prints them: native matches, translated extensions, the comment lost, one warning per table', () => {
    const { got, want } = replay('list-iptables-nft');
    expect(got).toEqual(want);
  });

  it('nft -a list table ip filter: the table, its chain and its rules with their handles', () => {
    const { got, want } = replay('list-iptables-nft-handles');
    expect(got).toEqual(want);
  });
});
