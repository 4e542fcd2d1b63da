import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routed, scenarioOf } from '../sim/testing';
import { boot, runCommand, runOn } from '../sim/run';
import { Network } from '../sim/network';
import { parseScenario } from '../scenario';

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
 * Replays a capture (`a && b && … && nft list … && echo --- && nft list …`): the commands
 * before the first `nft … list` configure a lone host; from there on each command runs as a
 * flow (an echo is its text), their outputs one after the other.
 */
function replay(name: string) {
  const c = fixture(name);
  const steps = c.run.split(' && ');
  const firstList = steps.findIndex((s) => /^nft .*\blist\b/.test(s));
  const s = scenarioOf({ h: { ports: ['eth0'], config: steps.slice(0, firstList) } }, []);
  const got = { stdout: '', stderr: '', exit: 0 };
  for (const step of steps.slice(firstList)) {
    if (step.startsWith('echo ')) {
      got.stdout += `${step.slice(5)}\n`;
      continue;
    }
    const r = runCommand(s, 'h', step);
    expect(r.configIssues).toEqual([]);
    got.stdout += r.stdout;
    got.stderr += r.stderr;
    got.exit = r.exit;
  }
  return { got, want: { stdout: c.stdout, stderr: c.stderr, exit: c.exit } };
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

  it('-s 0.0.0.0/0 writes no address match; an address is masked by its prefix', () => {
    const { got, want } = replay('list-iptables-nft-any-address');
    expect(got).toEqual(want);
  });

  it('matches: addresses, interfaces, ports and tcp flags, mark and limit native; the others by their translation, or xt match NAME', () => {
    const { got, want } = replay('list-iptables-nft-matches');
    expect(got).toEqual(want);
  });

  it('more matches: tcp flags before the ports, a mark mask of leading ones as a prefix, ct original protocol, ct status, icmp any, set and SET as xt', () => {
    const { got, want } = replay('list-iptables-nft-more');
    expect(got).toEqual(want);
  });

  it('targets: REJECT, LOG, MARK, CONNMARK, TCPMSS, DSCP, CLASSIFY, CT, NAT by their translation, TTL as xt target TTL; each table\'s base chains as iptables-nft registers them', () => {
    const { got, want } = replay('list-iptables-nft-targets');
    expect(got).toEqual(want);
  });

  it('iptables-restore of Docker\'s rules: every chain the file declares, in its order, before the rules; tables in the file\'s order', () => {
    const c = fixture('list-iptables-nft-restore-docker') as Capture & { input: string };
    const [restore, add, list] = c.run.split(' && ') as [string, string, string];
    const config = ["cat > /etc/nftables.conf <<'EOF'", ...c.input.trimEnd().split('\n'), 'EOF', restore, add];
    const r = runCommand(scenarioOf({ h: { ports: ['eth0'], config } }, []), 'h', list);
    expect(r.configIssues).toEqual([]);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exit }).toEqual({ stdout: c.stdout, stderr: c.stderr, exit: c.exit });
  });

  it('tables in creation order with one handle counter for nft\'s and iptables\' tables; -R keeps the rule\'s handle; list table, list chain and list tables', () => {
    const { got, want } = replay('list-iptables-nft-order');
    expect(got).toEqual(want);
  });

  it('iptables -A into the table nft made (ip filter): one table, one handle counter, the chains in creation order', () => {
    const { got, want } = replay('list-iptables-nft-shared-table');
    expect(got).toEqual(want);
  });
});

/* The recorded kernel suites (fixtures/scenarios/kernel-nft-*.json, their flows' outputs in fixtures/kernel). */

const root = join(import.meta.dirname, '../../..');

/** A recorded flow of a kernel suite; `config`: lines added to the device's config first (what the flow changed before it listed). */
function recordedFlow(name: string, flow: number, config: (run: string) => string[] = () => []) {
  const rec = JSON.parse(readFileSync(join(root, 'fixtures/kernel', name, `flow${flow}`, 'result.json'), 'utf8')) as Capture & { on: string };
  const doc = JSON.parse(readFileSync(join(root, 'fixtures/scenarios', `${name}.json`), 'utf8')) as { devices: Record<string, { config: string[] }> };
  doc.devices[rec.on]!.config.push(...config(rec.run));
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return { scenario: parsed.scenario, rec, want: { stdout: rec.stdout, stderr: rec.stderr, exit: rec.exit } };
}

describe('nft and iptables on the recorded kernel suites', () => {
  it('kernel-nft-iptables: nft list ruleset prints iptables-nft\'s filter and nat, then nft\'s own inet table, with the warnings', () => {
    const { scenario, rec, want } = recordedFlow('kernel-nft-iptables', 0);
    const r = runCommand(scenario, rec.on, rec.run);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exit }).toEqual(want);
  });

  it('kernel-nft-iptables: nft list chain warns too when the chain holds an x_tables match (a comment)', () => {
    // The flow is `iptables -A … && nft list chain …`: the rule goes into the config, the list runs.
    const { scenario, rec, want } = recordedFlow('kernel-nft-iptables', 1, (run) => [run.split(' && ')[0]!]);
    const r = runCommand(scenario, rec.on, rec.run.split(' && ')[1]!);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exit }).toEqual(want);
  });

  it('kernel-nft-iptables: nft -a list table ip nat, its handles after the filter table\'s', () => {
    const { scenario, rec, want } = recordedFlow('kernel-nft-iptables', 2);
    const r = runCommand(scenario, rec.on, rec.run);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exit }).toEqual(want);
  });

  it('kernel-nft-same-table: nft list table ip filter shows nft\'s input and iptables\' INPUT in one table', () => {
    const { scenario, rec, want } = recordedFlow('kernel-nft-same-table', 3);
    const r = runCommand(scenario, rec.on, rec.run);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exit }).toEqual(want);
  });
});

/**
 * Replays a capture whose `run` is `a; b; …` with `echo "exit $?"` after some: commands that
 * change something go into the host's config (as they ran, in order), each listing runs as a
 * flow on the config so far.
 */
function replaySteps(name: string) {
  const c = fixture(name) as Capture & { input?: string };
  // The case's input was /etc/nftables.conf in the namespace: a here-document writes it.
  const config: string[] = c.input === undefined ? [] : ["cat > /etc/nftables.conf <<'EOF'", ...c.input.trimEnd().split('\n'), 'EOF'];
  const got = { stdout: '', stderr: '', exit: 0 };
  let last = 0;
  // `; ` between commands, not inside a single-quoted word (`'{ type …; policy drop; }'`).
  const steps = c.run.split(/; (?=(?:[^']*'[^']*')*[^']*$)/);
  for (const step of steps) {
    if (step === 'echo "exit $?"') {
      got.stdout += `exit ${last}\n`;
      got.exit = 0; // echo's own status
      continue;
    }
    if (!/ -[LS]\b| list |^iptables-save/.test(step)) {
      config.push(step);
      const issues = runCommand(scenarioOf({ h: { ports: ['eth0'], config } }, []), 'h', 'true').configIssues;
      expect(issues).toEqual([]);
      last = 0;
      continue;
    }
    const r = runCommand(scenarioOf({ h: { ports: ['eth0'], config } }, []), 'h', step);
    got.stdout += maskDates(r.stdout);
    got.stderr += r.stderr;
    last = got.exit = r.exit;
  }
  return { got, want: { stdout: maskDates(c.stdout), stderr: c.stderr, exit: c.exit } };
}

/** iptables-save's `# Generated by … on DATE` and `# Completed on DATE`: the simulator's clock is its own. */
const maskDates = (text: string) => text.replace(/ on \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm, ' on DATE');

describe('iptables in a table nft made under its name (ip filter, ip nat)', () => {
  it('iptables -L of the whole table: the notice about nft\'s base chain first, then only its own chains; -A adds INPUT beside nft\'s input', () => {
    const { got, want } = replaySteps('iptables-on-nft-filter-table');
    expect(got).toEqual(want);
  });

  it('the same with nat: nft\'s postrouting and iptables\' POSTROUTING in one table ip nat', () => {
    const { got, want } = replaySteps('iptables-on-nft-nat-table');
    expect(got).toEqual(want);
  });

  it('iptables -S and iptables-save of the whole table print the notice first (iptables-save lists the table nft made); -S INPUT does not', () => {
    const { got, want } = replaySteps('iptables-save-on-nft-filter-table');
    expect(got).toEqual(want);
  });

  it('kernel-nft-same-table: iptables -L INPUT lists its own chain, with no notice', () => {
    const { scenario, rec, want } = recordedFlow('kernel-nft-same-table', 2);
    const r = runCommand(scenario, rec.on, rec.run);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exit }).toEqual(want);
  });
});

describe('nft deleting the tables iptables-nft made (they are nf_tables tables)', () => {
  it('nft flush ruleset deletes them with every iptables rule; iptables starts a new table (a new handle) on its next write', () => {
    const { got, want } = replaySteps('iptables-then-nft-flush-ruleset');
    expect(got).toEqual(want);
  });

  it('after nft flush ruleset, the iptables rules are gone from the packet path too: the router forwards what its FORWARD DROP refused', () => {
    const blocked = routed(['iptables -A FORWARD -j DROP']);
    expect(runCommand(blocked, 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    const flushed = routed(['iptables -A FORWARD -j DROP', 'nft flush ruleset']);
    expect(runCommand(flushed, 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
  });

  it('nft flush ruleset deletes ip6tables\' tables too (every family\'s)', () => {
    const { got, want } = replaySteps('ip6tables-then-nft-flush-ruleset');
    expect(got).toEqual(want);
  });

  it('iptables-restore deletes its table and makes it anew: a new table handle, chain and rule handles from 1; -F and -X keep the table', () => {
    const { got, want } = replaySteps('iptables-restore-twice');
    expect(got).toEqual(want);
  });

  it('iptables-restore of *filter deletes the table ip filter nft made, nft\'s input chain with it; --noflush does not', () => {
    const { got, want } = replaySteps('iptables-restore-over-nft-table');
    expect(got).toEqual(want);
  });

  it('nft deleting what iptables wrote: a rule by handle, flush chain, delete chain, flush table; a base chain nft adds under iptables\' name is iptables\' built-in chain', () => {
    const { got, want } = replaySteps('iptables-then-nft-deletes');
    expect(got).toEqual(want);
  });

  it("nft's own rules in iptables' chain: nft lists them as written; iptables reads back -p from nft's dependency, ports, flags, icmp type, mark, pkttype, limit and comment, and a set lookup not at all", () => {
    const { got, want } = replaySteps('nft-rules-in-iptables-chain');
    expect(got).toEqual(want);
  });

  it('a ct match nft put in INPUT: iptables will not list the chain or the table (exit 1); iptables-save skips the table with a comment', () => {
    const { got, want } = replaySteps('nft-incompatible-in-iptables-chain');
    expect(got).toEqual(want);
  });

  it('a th match nft put in INPUT: iptables lists up to it and fails to parse it (exit 3); meta mark set and meta skuid too', () => {
    for (const name of ['nft-unparsable-in-iptables-chain', 'nft-meta-set-in-iptables-chain']) {
      const { got, want } = replaySteps(name);
      expect(got).toEqual(want);
    }
  });

  it("packets meet nft's rule where it stands among iptables' rules: an nft drop in FORWARD drops the ping; an iptables accept inserted before it decides first", () => {
    const conf = ['iptables -A FORWARD -p tcp --dport 22 -j ACCEPT', 'nft add rule ip filter FORWARD meta l4proto icmp counter drop'];
    const r = routed(conf);
    expect(runCommand(r, 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    expect(runCommand(r, 'router', 'nft list chain ip filter FORWARD').stdout).toContain('meta l4proto icmp counter packets 0 bytes 0 drop');
    // iptables -v reads nft's rule's counters from its counter expression (recorded: `counter packets 5 bytes 300` lists as 5 300).
    const net = new Network(r, 1);
    boot(net);
    runOn(net, 'client', 'ping -c 1 -W 1 10.0.2.2', []);
    expect(runOn(net, 'router', 'iptables -L FORWARD -v -n', []).stdout.split('\n').slice(2, 4)).toEqual([
      '    0     0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22',
      '    1    84 DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0           ',
    ]);
    const accepted = routed([...conf, 'iptables -I FORWARD -p icmp -j ACCEPT']);
    expect(runCommand(accepted, 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
  });

  it("an nft rule in iptables' chain jumps to iptables' user chain; deleting it by handle lets the packets through", () => {
    const conf = ['iptables -N BLOCK', 'iptables -A BLOCK -j DROP', 'iptables -P FORWARD ACCEPT', 'nft add rule ip filter FORWARD icmp type echo-request jump BLOCK'];
    expect(runCommand(routed(conf), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    const handle = /jump BLOCK # handle (\d+)/.exec(runCommand(routed(conf), 'router', 'nft -a list chain ip filter FORWARD').stdout)![1];
    expect(runCommand(routed([...conf, `nft delete rule ip filter FORWARD handle ${handle}`]), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
  });

  it('nft add table ip filter is iptables\' table (its handle counter goes on); nft delete table ip nat deletes iptables\' nat rules', () => {
    const { got, want } = replaySteps('iptables-then-nft-table');
    expect(got).toEqual(want);
  });
});
