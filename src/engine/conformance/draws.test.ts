import { describe, expect, it } from 'vitest';
import { formatIp4 } from '../addr/ipv4';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { drawnEndpoints } from './draws';
import { Normaliser } from './normalise';
import type { CapturedFrame } from '../wire/types';

const flow = (name: string, index: number) => {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
  if (!parsed.ok) throw new Error(name);
  return runFlow(parsed.scenario, index, { capture: false });
};

describe('endpoints an unseeded statistic draw picks among (statistic_mt: get_random_u32, not seedable)', () => {
  it("are the DNAT targets of the KUBE-SEP chains a KUBE-SVC chain draws among, the last rule's (no draw) included", () => {
    const drawn = [...drawnEndpoints(flow('k8s-many-endpoints', 0).network)].map(formatIp4).sort();
    expect(drawn).toEqual(['10.244.2.10', '10.244.2.11', '10.244.2.2', '10.244.2.3', '10.244.2.4', '10.244.2.5', '10.244.2.6', '10.244.2.7', '10.244.2.8', '10.244.2.9']);
  });
  it("are the dnat targets of the chains nft's numgen random vmap draws among (nft_ng_random_eval, kube-proxy's nftables mode)", () => {
    const drawn = [...drawnEndpoints(flow('nft-kube-proxy-clusterip', 0).network)].map(formatIp4).sort();
    expect(drawn).toEqual(['10.244.0.3', '10.244.0.4']);
  });
  it('leave a network without a random draw alone', () => {
    expect(drawnEndpoints(flow('home-lan', 0).network).size).toBe(0);
  });
  it('are renamed by first appearance, so two runs that drew different endpoints read the same', () => {
    const syn = (dst: string): CapturedFrame => ({
      src: '02:00:00:00:01:01', dst: '02:00:00:00:04:01',
      payload: { kind: 'ipv4', src: 0xc0a80002, dst: Number(dst.split('.').reduce((a, b) => a * 256 + Number(b), 0)), ttl: 64, tos: 0, df: true, id: 0, proto: 6,
        payload: { kind: 'tcp', sport: 40000, dport: 80, seq: 1, ack: 0, flags: 0x02, window: 64240, options: [], data: new Uint8Array() } },
    } as unknown as CapturedFrame);
    const drawn = new Set([0x0af40204, 0x0af40205]);
    const kernel = new Normaliser(drawn).frame(syn('10.244.2.4'), 74);
    const simulator = new Normaliser(drawn).frame(syn('10.244.2.5'), 74);
    expect(kernel).toContain('192.168.0.2 > EP1 ');
    expect(kernel).toBe(simulator);
    expect(new Normaliser().frame(syn('10.244.2.4'), 74)).toContain('> 10.244.2.4 ');
  });
});
