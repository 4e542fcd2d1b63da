/**
 * Captures what the real `nft` prints, for the nft printer's and error messages' tests:
 * fixtures/nft/<case>.json = { about, input, run, stdout, stderr, exit }.
 *
 *   sudo npx tsx scripts/nft/capture-cases.ts [case ...]     # all cases, or some by name
 *
 * Each case runs in a fresh network namespace (`<prefix>nftcap`, HAIRPIN_LAB_PREFIX, default
 * `hnc-`), so the host's ruleset is never read or changed. A case's `input` is written to the
 * namespace's own /etc/nftables.conf (/etc/netns/NS/nftables.conf, which `ip netns exec` mounts
 * over /etc/nftables.conf), so file errors name /etc/nftables.conf as a user's would. `run` is one
 * bash command line in the namespace. The cases themselves are in ./cases.ts; see
 * fixtures/nft/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'fixtures/nft');
const NS = `${process.env.HAIRPIN_LAB_PREFIX ?? 'hnc-'}nftcap`;
const ETC = `/etc/netns/${NS}`;

function sh(cmd: string, args: string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? -1 };
}

function down(): void {
  if (existsSync(`/run/netns/${NS}`)) sh('ip', ['netns', 'del', NS]);
  rmSync(ETC, { recursive: true, force: true });
}

const only = process.argv.slice(2);
const unknown = only.filter((n) => !CASES.some((c) => c.name === n));
if (unknown.length) {
  console.error(`capture: no such case: ${unknown.join(', ')}`);
  process.exit(64);
}
mkdirSync(OUT, { recursive: true });
const createdEtcNetns = !existsSync('/etc/netns');
process.on('exit', () => {
  down();
  if (createdEtcNetns) rmSync('/etc/netns', { recursive: true, force: true });
});

for (const c of CASES) {
  if (only.length && !only.includes(c.name)) continue;
  down();
  const add = sh('ip', ['netns', 'add', NS]);
  if (add.status !== 0) throw new Error(`ip netns add ${NS}: ${add.stderr.trim()}`);
  mkdirSync(ETC, { recursive: true });
  if (c.input !== undefined) writeFileSync(join(ETC, 'nftables.conf'), c.input);
  // `lo` up, as on a booted machine (rules naming iif "lo" need it to exist, not to be up).
  sh('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
  const r = sh('ip', ['netns', 'exec', NS, 'bash', '-c', c.run]);
  const out = { about: c.about, ...(c.input !== undefined ? { input: c.input } : {}), run: c.run, stdout: r.stdout, stderr: r.stderr, exit: r.status };
  writeFileSync(join(OUT, `${c.name}.json`), JSON.stringify(out, null, 2) + '\n');
  console.log(`${c.name}: exit ${r.status}${r.stderr ? ` (${r.stderr.split('\n')[0]})` : ''}`);
}
down();
