import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { deviceViews, recordScenario } from '../api';
import { BootedDocs } from '../sim/booted-docs';
import { runOn } from '../sim/run';
import { clockedNamespaces } from './view-log';

/*
 * Some state moves with the clock alone (a bridge's learned addresses age, conntrack entries
 * count down): the view log prints those namespaces as the run starts and again as time passes.
 * Which namespaces they are is noted when a network is booted ahead of its Run (looking through
 * 10,000 namespaces took a Run 5 ms), and the note holds only while nothing has run since.
 */

/** A host whose containers hang off a bridge (docker0): its learned addresses age as the run goes on. */
const doc = BUILTIN_SCENARIOS['docker-default-bridge']!;

describe('the namespaces the clock moves, noted at boot', () => {
  it('are those a look through every namespace finds, and a network that ran since is looked through again', () => {
    const booted = new BootedDocs();
    const b = booted.boot(doc, 1);
    if ('errors' in b) throw new Error('the lesson does not load');
    const noted = b.net.clockedAtBoot!;
    expect(noted.stacks.map((s) => s.id)).toContain('dockerhost');
    expect(clockedNamespaces(b.net)).toBe(noted.stacks);
    b.net.clockedAtBoot = undefined;
    expect(clockedNamespaces(b.net)).toEqual(noted.stacks);
    b.net.clockedAtBoot = noted;
    const flow = (JSON.parse(doc) as { flows: { on: string; run: string }[] }).flows[0]!;
    runOn(b.net, flow.on, flow.run, b.issues, { capture: false });
    // The run moved the clock and ran events: the note is of another moment.
    expect(b.net.scheduler.executed).not.toBe(noted.executed);
    expect(clockedNamespaces(b.net)).not.toBe(noted.stacks);
  });

  it('give a Run on a network booted ahead the views a replay stopped at each step shows, on a box the flow never touches whose set counts down', () => {
    // fw's nft set holds an element that expires in a minute: `nft list ruleset` there changes
    // as the ping's three seconds pass, though no frame reaches it.
    const counting = JSON.stringify({
      hairpin: 1,
      title: 'a set that counts down beside a ping',
      devices: {
        a: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] },
        b: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
        fw: { kind: 'host', ports: {}, config: ['nft add table inet t', "nft add set inet t seen '{ type ipv4_addr; flags timeout; }'", "nft add element inet t seen '{ 10.0.0.9 timeout 60s }'"] },
      },
      links: [['a:eth0', 'b:eth0']],
      flows: [{ on: 'a', run: 'ping -c 3 -i 1 10.0.0.2' }],
    });
    const booted = new BootedDocs();
    booted.start(counting, 1);
    while (booted.advance(() => true));
    const { response, recorded } = recordScenario({ doc: counting, flow: 0 }, undefined, undefined, booted);
    if (!response.ok || !recorded) throw new Error('the scenario does not run');
    const last = response.events.length - 1;
    const ruleset = (step: number) => (recorded.views('fw', step) as Record<string, string>)['nft list ruleset'];
    expect(ruleset(0)).toContain('expires 1m }');
    expect(ruleset(last)).toContain('expires 57s');
    for (const step of [0, last >> 1, last]) expect(recorded.views('fw', step), `at step ${step}`).toEqual(deviceViews({ doc: counting, flow: 0 }, 'fw', step));
  });
});
