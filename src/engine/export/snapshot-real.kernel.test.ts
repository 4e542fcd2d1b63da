import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import type { ScenarioDoc } from '../scenario/types';
import { runCommand } from '../sim/run';
import { labScript } from './lab';
import { snapshotScript } from './snapshot';
import { whyNoKernelLab } from '../testing/kernel-lab';

/*
 * Issue 18's done-when, on machines configured as real ones are: each real config of the suite
 * (an OpenWrt fw3 router, Docker 27 and 28 hosts, ufw with fail2ban, a kube-proxy node, libvirt,
 * podman, the ArchWiki firewall, wg-quick's and Hetzner's routing) is built in network
 * namespaces by `hairpin lab`; the snapshot script runs in the machine's namespace; the device
 * it prints replaces the scenario's one (as `hairpin import --into` does), and the result prints
 * what the namespace prints for ip addr, ip route, ip rule and iptables-save: the real tools'
 * own output goes through the importer whole. Root only; each lab is taken down afterwards.
 */

const PREFIX = 'hr';
const root = fileURLToPath(new URL('../../..', import.meta.url));

const reason = whyNoKernelLab(['ip', 'iptables-restore', 'iptables-save', 'ip6tables-restore', 'ipset', 'bash'], 'hrprobe');
if (reason) console.log(`real snapshot kernel test skipped: ${reason}`);

/** Scenario file and the machine in it whose configuration a user would snapshot. */
const MACHINES: [file: string, device: string][] = [
  ['real-openwrt-fw3', 'owrt'],
  ['real-docker-28', 'dockerhost'],
  ['real-docker', 'dockerhost'],
  ['real-ufw', 'srv'],
  ['real-kube-proxy', 'node'],
  ['real-libvirt', 'virthost'],
  ['real-podman', 'podhost'],
  ['real-archwiki-stateful', 'fw'],
  ['real-wg-quick', 'client'],
  ['real-hetzner-p2p', 'gw'],
  ['real-proxmox-routed', 'pve'],
  ['real-kind', 'controlplane'],
];

const COMMANDS = ['ip addr', 'ip route show table all', 'ip rule', 'iptables-save', 'ip6tables-save', 'ipset save', 'nfacct list', 'sysctl net.ipv4.ip_forward'];

/** What cannot match: ifindexes, a veth peer's index and namespace, iptables-save's dated comments. */
function comparable(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/^\d+: /, 'N: ').replace(/@if\d+/, '').replace(/ link-netns(id)? \S+/, ''))
    .join('\n');
}

const labs: string[] = [];
afterAll(() => {
  for (const script of labs) spawnSync('bash', ['-s', 'down'], { input: script });
});

describe.skipIf(reason !== undefined).each(MACHINES)('%s: the snapshot of %s imports whole and prints as the machine', (file, device) => {
  const doc = JSON.parse(readFileSync(`${root}/fixtures/scenarios/${file}.json`, 'utf8')) as ScenarioDoc;
  let snapped: ScenarioDoc | undefined;
  let stderr = '';
  const ns = `${PREFIX}${device}`;

  function snapshot(): ScenarioDoc {
    if (snapped) return snapped;
    const script = labScript(doc, { prefix: PREFIX });
    labs.push(script);
    spawnSync('bash', ['-s', 'down'], { input: script });
    const up = spawnSync('bash', ['-s', 'up'], { input: script, encoding: 'utf8' });
    if (up.status !== 0) throw new Error(`the lab did not come up: ${up.stderr}`);
    const run = spawnSync('ip', ['netns', 'exec', ns, 'sh', '-s'], { input: snapshotScript(), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the snapshot script failed (${run.status}): ${run.stderr}`);
    stderr = run.stderr;
    const one = JSON.parse(run.stdout) as ScenarioDoc;
    const taken = Object.values(one.devices)[0]!;
    // As `hairpin import --into`: the machine's device takes the snapshot's ports and config, keeping its place and links.
    snapped = { ...doc, devices: { ...doc.devices, [device]: { ...doc.devices[device]!, ports: taken.ports, config: taken.config } } };
    return snapped;
  }

  it('loads with no errors and no config issues', () => {
    const parsed = parseScenario(JSON.stringify(snapshot()));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const booted = runCommand(parsed.ok ? parsed.scenario : (undefined as never), device, 'true', { traceLimit: 0, capture: false });
    expect(booted.configIssues).toEqual([]);
    // What the script leaves out is said, never silently dropped: each line names what and why.
    for (const line of stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^snapshot: /);
  });

  it.each(COMMANDS)('prints what the namespace prints for `%s`', (command) => {
    const parsed = parseScenario(JSON.stringify(snapshot()));
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    const sim = runCommand(parsed.scenario, device, command, { traceLimit: 0, capture: false });
    const real = spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', command], { encoding: 'utf8' });
    expect(sim.exit).toBe(real.status);
    expect(comparable(sim.stdout)).toBe(comparable(real.stdout));
  });
});
