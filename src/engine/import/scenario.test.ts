import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString, mutated, params, TEST_TIMEOUT } from '../../fuzz-support';
import { parseScenario } from '../scenario';
import type { ScenarioDoc } from '../scenario/types';
import { runCommand } from '../sim/run';
import { importPasted, type ImportResult } from './index';

/*
 * What `hairpin snapshot`'s script printed on a real machine (fixtures/snapshot-web1.json, made
 * in a namespace as fixtures/capture.sh says) is input to the importer too: its one device joins
 * an existing lab under the name the user gives, and answers as the machine did.
 */

const snapshot = readFileSync(join(__dirname, 'fixtures', 'snapshot-web1.json'), 'utf8');
const snapshotDoc = JSON.parse(snapshot) as ScenarioDoc;

/** An existing lab: a client linked to a router; the imported device joins it as `srv`. */
function labWith(r: ImportResult, linked = true) {
  const doc: ScenarioDoc = {
    hairpin: 2,
    title: 'lab',
    devices: {
      pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.5/24 dev eth0', 'ip route add default via 10.0.0.1'] },
      srv: { kind: 'host', ports: r.ports as ScenarioDoc['devices'][string]['ports'], config: r.config },
    },
    links: linked ? [['pc:eth0', 'srv:eth1']] : [],
    flows: [],
  };
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

describe('a snapshot (a one-device scenario) as input', () => {
  it("takes the device's ports with their MACs and its config as the script printed them, and names the device it came from", () => {
    const r = importPasted([{ name: 'box.json', text: snapshot }]);
    expect(r.problems).toEqual([]);
    expect(r.notImported).toEqual([]);
    expect(r.ports).toEqual({ eth0: '96:00:03:aa:bb:01', eth1: '96:00:03:aa:bb:02' });
    expect(r.config).toEqual(snapshotDoc.devices.web1!.config);
    expect(r.snapshot).toEqual({ device: 'web1', kind: 'host' });
    expect(r.outputs).toEqual([{ source: 'box.json', line: 1, kind: 'scenario' }]);
  });

  it('in an existing lab the device answers `ip route get 8.8.8.8` as the machine did, and forwards and masquerades its LAN (ip_forward=1, MASQUERADE)', () => {
    const lab = labWith(importPasted([{ name: '', text: snapshot }]));
    const get = runCommand(lab, 'srv', 'ip route get 8.8.8.8', { capture: false });
    expect(get.configIssues).toEqual([]);
    // What the namespace printed when the snapshot was taken (fixtures/capture.sh).
    expect(get.stdout).toBe('8.8.8.8 via 172.31.1.1 dev eth0 src 91.99.148.215 uid 0 \n    cache \n');
    const fromPc = runCommand(lab, 'pc', 'ip route get 91.99.148.215', { capture: false });
    expect(fromPc.stdout).toMatch(/^91\.99\.148\.215 via 10\.0\.0\.1 dev eth0 src 10\.0\.0\.5/);
  });

  it('a byte order mark and CRLF line ends (a file saved on Windows) change nothing', () => {
    const r = importPasted([{ name: 'box.json', text: '\uFEFF' + snapshot.replace(/\n/g, '\r\n') }]);
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual(snapshotDoc.devices.web1!.config);
  });

  it('cut short (a copy that missed the end): the scenario parser\'s message, with line and column', () => {
    const cut = snapshot.slice(0, snapshot.indexOf('"sysctl -w'));
    const r = importPasted([{ name: 'box.json', text: cut }]);
    expect(r.config).toEqual([]);
    const lines = cut.split('\n');
    expect(r.problems).toEqual([{ source: 'box.json', line: lines.length, column: lines[lines.length - 1]!.length + 1, message: expect.stringMatching(/expected/) }]);
  });

  it('a scenario that fails validation: each error with its JSON path, line and column, nothing imported', () => {
    const bad = snapshot.replace('"96:00:03:aa:bb:02"', '"01:00:5e:00:00:01"');
    const r = importPasted([{ name: 'box.json', text: bad }]);
    expect(r.ports).toEqual({});
    expect(r.problems).toHaveLength(1);
    const line = bad.split('\n').findIndex((l) => l.includes('01:00:5e')) + 1;
    expect(r.problems[0]).toMatchObject({ source: 'box.json', line, column: 17, message: expect.stringMatching(/^devices\.web1\.ports\.eth1: .*multicast/) });
  });

  it('a lab of several devices is no snapshot: said at "devices", naming them', () => {
    const lab = JSON.stringify({ hairpin: 2, title: 'two', devices: { a: { kind: 'host', ports: {} }, b: { kind: 'host', ports: {} } }, links: [], flows: [] }, null, 2);
    const r = importPasted([{ name: 'lab.json', text: lab }]);
    expect(r.problems).toEqual([{ source: 'lab.json', line: 4, column: 3, message: 'devices: the scenario holds 2 devices (a, b); a snapshot holds one machine (open a lab as a scenario of its own instead)' }]);
    const none = importPasted([{ name: 'e.json', text: '{"hairpin": 2, "title": "e", "devices": {}}' }]);
    expect(none.problems[0]!.message).toMatch(/holds no device;/);
  });

  it("a one-device scenario's links, flows and lesson stay behind, each said with its line", () => {
    const doc = { ...snapshotDoc, links: [['web1:eth0', 'web1:eth1']], flows: [{ on: 'web1', run: 'ping -c1 172.31.1.1' }] };
    const text = JSON.stringify(doc, null, 2);
    const r = importPasted([{ name: 'one.json', text }]);
    expect(r.problems).toEqual([]);
    const lineOf = (key: string) => text.split('\n').findIndex((l) => l.startsWith(`  "${key}"`)) + 1;
    expect(r.notImported).toEqual([
      { source: 'one.json', line: lineOf('links'), text: 'links (1)', reason: 'links are drawn on the canvas (or come with the lab), not taken from a snapshot' },
      { source: 'one.json', line: lineOf('flows'), text: 'flows (1)', reason: 'the lab keeps its own flows' },
    ]);
  });

  it('is imported on its own: other files given with it are refused by name', () => {
    const r = importPasted([
      { name: 'box.json', text: snapshot },
      { name: 'extra.txt', text: 'default via 10.0.0.1 dev eth0\n' },
    ]);
    expect(r.config).toEqual([]);
    expect(r.problems).toEqual([{ source: 'extra.txt', line: 1, message: 'given with the scenario box.json: a snapshot is imported on its own' }]);
  });

  it('a JSON object that is no scenario (`nft -j list ruleset`) is reported as tool output is, not as a scenario', () => {
    const r = importPasted([{ name: '', text: '{"nftables": [{"metainfo": {"version": "1.0.9"}}]}\n' }]);
    expect(r.problems).toEqual([]);
    expect(r.notImported[0]!.reason).toMatch(/a JSON entry of no kind Hairpin imports/);
  });

  it('any text starting as a snapshot (mutated) imports without throwing; every place is a line of the text; what it imports loads', () => {
    fc.assert(
      fc.property(fc.oneof(mutated([snapshot]), anyString(200).map((s) => `{${s}`)), (text) => {
        const r = importPasted([{ name: '', text }]);
        const lines = text.split(/\r\n?|\n/).length;
        for (const item of [...r.notImported, ...r.problems]) expect(item.line >= 1 && item.line <= lines).toBe(true);
        if (!r.problems.length) labWith(r, false);
      }),
      params(200),
    );
  }, TEST_TIMEOUT);
});
