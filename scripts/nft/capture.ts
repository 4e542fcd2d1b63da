/*
 * Records what the real nft prints for each case of fixtures/nft/real-nft.json, into that file.
 *
 *   sudo npx tsx scripts/nft/capture.ts
 *
 * Each case runs in a network namespace of its own (hpn-cap-N, deleted after), so the host's
 * ruleset is never read or touched. A case's steps run in order, each one nft process:
 *   { "args": "add table ip t" }          nft 'add table ip t'   (one word: nft joins its words with spaces)
 *   { "options": ["-a"], "args": "…" }    options before the command
 *   { "files": { "/etc/nftables.conf": "…" }, "options": ["-f", "/etc/nftables.conf"] }
 *   { "stdin": "…", "options": ["-f", "-"] }
 * Files (under /etc only) go into the upper directory of an overlay mounted on /etc in the
 * mount namespace `ip netns exec` makes for each step: nft sees them at their paths, the host's
 * /etc is left as it is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

interface Step {
  args?: string;
  options?: string[];
  stdin?: string;
  files?: Record<string, string>;
}
interface Result {
  stdout: string;
  stderr: string;
  status: number;
}
interface Case {
  name: string;
  steps: Step[];
  results?: Result[];
}
interface Fixture {
  nft: string;
  note: string;
  cases: Case[];
}

const FIXTURE = join(import.meta.dirname, '../../fixtures/nft/real-nft.json');
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
fixture.nft = execFileSync('nft', ['--version'], { encoding: 'utf8' }).trim();

fixture.cases.forEach((c, n) => {
  const ns = `hpn-cap-${n}`;
  const root = mkdtempSync(join(tmpdir(), 'hpn-nft-'));
  mkdirSync(join(root, 'up'));
  mkdirSync(join(root, 'work'));
  const overlay = `mount -t overlay overlay -o lowerdir=/etc,upperdir=${root}/up,workdir=${root}/work /etc && exec nft "$@"`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    c.results = c.steps.map((s) => {
      for (const [path, text] of Object.entries(s.files ?? {})) {
        if (!path.startsWith('/etc/')) throw new Error(`${c.name}: only files under /etc are written (${path})`);
        const upper = join(root, 'up', path.slice('/etc/'.length));
        mkdirSync(dirname(upper), { recursive: true });
        writeFileSync(upper, text);
      }
      const argv = [...(s.options ?? []), ...(s.args !== undefined ? [s.args] : [])];
      const r = spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', overlay, 'sh', ...argv], { encoding: 'utf8', input: s.stdin ?? '' });
      return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
    });
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
    rmSync(root, { recursive: true, force: true });
  }
});
writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`${fixture.cases.length} cases recorded with ${fixture.nft}`);
