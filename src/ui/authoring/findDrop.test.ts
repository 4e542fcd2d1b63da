import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/api';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { dropOf } from './findDrop';

/* "Find it" names the device where the flow's packet is dropped, as the run's verdict tells it. */

const run = (name: string, flow: number) => {
  const r = runScenario({ doc: BUILTIN_SCENARIOS[name]!, flow });
  if (!r.ok) throw new Error(`${name} does not run`);
  return r;
};

describe('dropOf', () => {
  it('hairpin NAT from the LAN: pc2 drops the SYN-ACK from an address it never asked (and answers with a reset)', () => {
    const found = dropOf(run('hairpin-nat-broken', 1));
    expect(found?.device).toBe('pc2');
    expect(found?.event).toMatchObject({ kind: 'drop', reason: { code: 'no_socket_tcp' } });
  });

  it('a flow that works drops nothing telling: no device', () => {
    const r = run('hairpin-nat-broken', 0);
    expect(r.exit).toBe(0);
    expect(dropOf(r)).toBeUndefined();
  });
});
