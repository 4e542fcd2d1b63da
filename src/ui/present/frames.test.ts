import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/api';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { useSession } from '../../state/session';
import { stepActivity } from '../canvas/traffic';
import { frameLabel, frameStep, openFrame } from './frames';

/* A frame on a link opens the event that sent it: the frame a port transmitted (dev_queue_xmit) is that port's frame-sent. */

function hairpinFromLan() {
  const text = BUILTIN_SCENARIOS['hairpin-nat-broken']!;
  const r = runScenario({ doc: text, flow: 1 });
  if (!r.ok) throw new Error('scenario does not load');
  return { events: r.events, links: (JSON.parse(text) as { links: [string, string][] }).links };
}

describe('frames on links', () => {
  const { events, links } = hairpinFromLan();

  it('open the frame-sent event of the port the frame left by, whatever step shows them', () => {
    let seen = 0;
    for (let step = 0; step < events.length; step += 7) {
      for (const t of stepActivity(events, step, links).transits) {
        const e = events[frameStep(t)]!;
        expect(e.kind).toBe('frame-sent');
        expect(`${e.device}:${e.port}`).toBe(t.from);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('after opening one, it is the current step and that frame is on the wire', () => {
    const received = events.findIndex((e) => e.kind === 'frame-received' && e.device === 'pc1');
    const t = stepActivity(events, received, links).transits.find((x) => x.to === 'pc1:eth0')!;
    openFrame(t);
    expect(useSession.getState().step).toBe(t.key);
    expect(stepActivity(events, useSession.getState().step, links).transits.find((x) => x.key === t.key)).toMatchObject({ state: 'flight', age: 0 });
  });

  it('are named by protocol, direction and ports', () => {
    expect(frameLabel({ key: 41, from: 'router:eth1', to: 'lan:p3', proto: 'tcp', reply: true })).toBe('TCP reply frame from router:eth1 to lan:p3 (step 42)');
    expect(frameLabel({ key: 0, from: 'pc2:eth0', to: 'lan:p2', proto: 'arp', reply: false })).toBe('ARP frame from pc2:eth0 to lan:p2 (step 1)');
    expect(frameLabel({ key: 3, from: 'a:e0', to: 'b:e0', proto: 'other', reply: false })).toBe('Frame from a:e0 to b:e0 (step 4)');
  });
});
