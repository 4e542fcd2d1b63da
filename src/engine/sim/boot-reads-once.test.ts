import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { deviceInsides, recordScenario, runScenario } from '../api';
import { BootedDocs } from './booted-docs';
import { KEEP_READ_CHARS } from './run';

/*
 * A document's configs are read (parsed) once: by the boot that lints it on opening. The Run
 * that takes that boot needs what the configs use that the test kernel lacks (its "modelled,
 * not recorded" note), and finds it noted by the boot rather than reading a 100,000-line config
 * again. Every later Run boots afresh from what that boot read. Counted by the config readings
 * themselves.
 */

const reads = vi.hoisted(() => ({ configs: 0 }));
vi.mock('../command/script', async (importOriginal) => {
  const script = await importOriginal<typeof import('../command/script')>();
  return {
    ...script,
    parseConfigScript: (lines: readonly string[]) => {
      reads.configs++;
      return script.parseConfigScript(lines);
    },
  };
});

describe("a Run of a document booted on opening reads no config again", () => {
  it.each(['k8s-clusterip-ipvs', 'home-lan'])('%s: one reading per device, by the boot; the Run says what a fresh run says', (name) => {
    const doc = BUILTIN_SCENARIOS[name]!;
    const devices = Object.keys((JSON.parse(doc) as { devices: object }).devices).length;
    const booted = new BootedDocs();
    const before = reads.configs;
    deviceInsides(doc, undefined, booted);
    expect(reads.configs - before).toBe(devices);
    const run = recordScenario({ doc, flow: 0 }, undefined, undefined, booted).response;
    expect(reads.configs - before).toBe(devices);
    // The same answer, modelled note included, as a run that boots (and reads) for itself.
    expect(run).toEqual(runScenario({ doc, flow: 0 }));
  });

  it.each(['k8s-clusterip-ipvs', 'home-lan', 'docker-default-bridge', 'multi-wan'])('%s: Runs after the first boot again from the configs as read, and say what the first said', (name) => {
    const doc = BUILTIN_SCENARIOS[name]!;
    const devices = Object.keys((JSON.parse(doc) as { devices: object }).devices).length;
    const booted = new BootedDocs();
    const before = reads.configs;
    const first = recordScenario({ doc, flow: 0 }, undefined, undefined, booted).response;
    const again = [1, 2].map(() => recordScenario({ doc, flow: 0 }, undefined, undefined, booted).response);
    expect(reads.configs - before).toBe(devices);
    // Running a line left its reading as it was: each boot makes the same network and the same run.
    expect(again).toEqual([first, first]);
  });

  it('a scenario with more config text than a reading is kept for is read again at each boot, and runs the same', () => {
    const comments = Array.from({ length: Math.ceil(KEEP_READ_CHARS / 4000) }, () => `#${'x'.repeat(3999)}`);
    const doc = JSON.stringify({
      hairpin: 2,
      title: 'A long config',
      devices: {
        pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0', ...comments] },
        router: { kind: 'router', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] },
      },
      links: [['pc:eth0', 'router:eth0']],
      flows: [{ on: 'pc', run: 'ping -c 1 -W 1 10.0.0.1' }],
    });
    const booted = new BootedDocs();
    const before = reads.configs;
    const runs = [1, 2].map(() => recordScenario({ doc, flow: 0 }, undefined, undefined, booted).response);
    expect(runs[0]).toMatchObject({ ok: true, exit: 0 });
    expect(reads.configs - before).toBe(4);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('the modelled note is right when the boot read the configs: a device making a dummy link counts in a flow it takes part in', () => {
    const doc = JSON.stringify({
      hairpin: 2,
      title: 'A dummy link on the router',
      devices: {
        pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
        router: { kind: 'router', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip link add d0 type dummy'] },
      },
      links: [['pc:eth0', 'router:eth0']],
      flows: [{ on: 'pc', run: 'ping -c 1 -W 1 10.0.0.1' }],
    });
    const booted = new BootedDocs();
    deviceInsides(doc, undefined, booted);
    const run = recordScenario({ doc, flow: 0 }, undefined, undefined, booted).response;
    expect(run.ok && run.modelled).toEqual(['dummy']);
  });
});
