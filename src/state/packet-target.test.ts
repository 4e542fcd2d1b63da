import { beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { parseIp4 } from '../engine/addr/ipv4';
import type { ScenarioDoc } from '../engine/scenario/types';
import { packetLabel, runTarget } from './actions';
import { useSession } from './session';

/* What Run runs after "Send a packet here…": the same packet, until a flow or a command is chosen. */

const doc = (): ScenarioDoc => JSON.parse(BUILTIN_SCENARIOS['vps-slash32']!) as ScenarioDoc;
const spec = { device: 'vps', inPort: 'eth0', proto: 'tcp' as const, src: parseIp4('203.0.113.5')!, sport: 55234, dst: parseIp4('91.99.148.215')!, dport: 22 };

describe('an injected packet as the run target', () => {
  beforeEach(() => useSession.getState().setFlow(0));

  it('is labelled as the packet and where it starts', () => {
    expect(packetLabel(spec)).toBe('packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22');
    expect(packetLabel({ ...spec, inPort: undefined, fromLocal: true, src: undefined })).toBe('packet from a local process: tcp (any):55234 → 91.99.148.215:22');
  });

  it('Run sends it again; a typed command or a chosen flow lets go of it; a deleted device falls back to the flows', () => {
    const s = useSession.getState();
    s.setPacket({ spec, label: packetLabel(spec) });
    expect(runTarget(doc(), useSession.getState())).toMatchObject({ kind: 'packet', on: 'vps', command: 'packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22' });
    s.setTyped('ip route');
    expect(runTarget(doc(), useSession.getState())).toMatchObject({ kind: 'command', command: 'ip route' });
    s.setPacket({ spec, label: packetLabel(spec) });
    s.setFlow(0);
    expect(runTarget(doc(), useSession.getState())).toMatchObject({ kind: 'flow', index: 0 });
    s.setPacket({ spec, label: packetLabel(spec) });
    const { vps: _gone, ...devices } = doc().devices;
    expect(runTarget({ ...doc(), devices }, useSession.getState())).toMatchObject({ kind: 'flow' });
  });
});
