import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './types';
import { modelledDevices, modelledFeatures, modelledFlowFeatures, modelledNote } from './modelled';

const event = (code: string, device = 'node', kind = 'info'): TraceEvent => ({ seq: 0, t: 0, device, layer: 'ip', kind, reason: { code } } as unknown as TraceEvent);
const devices = (configs: Record<string, string[]>) => ({ devices: Object.entries(configs).map(([id, config]) => ({ id, config })) });

describe('modelled, not recorded', () => {
  it('marks a flow that IPVS scheduled (the test kernel has no ip_vs module)', () => {
    expect(modelledFeatures([event('route_ok'), event('ipvs_schedule'), event('ipvs_nat')])).toEqual(['IPVS']);
    expect(modelledNote(['IPVS'])).toBe(
      "Modelled, not recorded: this flow goes through IPVS, which this project's test kernel lacks; it follows the kernel's source (net/netfilter/ipvs) and ipvsadm's documentation.",
    );
  });
  it('marks a flow that an IPIP tunnel carried (no ipip module either): LVS-TUN', () => {
    expect(modelledFeatures([event('ipvs_schedule'), event('ipip_encap'), event('ipip_decap')])).toEqual(['IPVS', 'ipip']);
  });
  it('leaves a flow that never reached IPVS recordable', () => {
    expect(modelledFeatures([event('route_ok'), event('nat_dnat')])).toEqual([]);
  });
  it('names every feature and its source in the note, IPVS first', () => {
    expect(modelledNote(['IPVS', 'dummy'])).toBe(
      "Modelled, not recorded: this flow goes through IPVS and a dummy interface, which this project's test kernel lacks; it follows the kernel's source (net/netfilter/ipvs, drivers/net/dummy.c) and ipvsadm's documentation.",
    );
    expect(modelledNote(['vlan'])).toContain('(net/8021q).');
  });
});

describe('modelled devices: a config the test kernel cannot run whole (no ip_vs, dummy or 8021q module, no ipvsadm)', () => {
  it('finds ipvsadm and links of a type the kernel lacks, in groups, namespaces and behind sudo too', () => {
    const found = modelledDevices(devices({
      director: ['ip addr add 10.0.3.2/24 dev eth0', 'ip link add kube-ipvs0 type dummy', 'sudo ipvsadm -A -t 10.0.3.100:80 -s rr'],
      trunk: ['ip netns add ns1', 'ip netns exec ns1 ip link add link lo name lo.10 type vlan id 10'],
      grouped: ['{ true; ipvsadm -C; }'],
      plain: ['ip link add br0 type bridge', 'ip link add v0 type veth peer name v1', 'iptables -t nat -A POSTROUTING -j MASQUERADE'],
    }));
    expect(found).toEqual([
      { id: 'director', features: ['IPVS', 'dummy'] },
      { id: 'trunk', features: ['vlan'] },
      { id: 'grouped', features: ['IPVS'] },
    ]);
  });
  it('counts nothing for a line that does not parse (the simulator refuses it; it makes nothing)', () => {
    expect(modelledDevices(devices({ pc: ['ip link add x type nosuchtype', 'ipvsadm --bogus'] }))).toEqual([]);
  });
});

describe('a flow that touches a modelled device is modelled, not recorded', () => {
  const director = [{ id: 'director', features: ['IPVS' as const, 'dummy' as const] }];
  it('takes the features of a modelled device that sent a frame in the flow, from its own namespaces too', () => {
    expect(modelledFlowFeatures([event('route_ok', 'client'), event('xmit', 'director/ns1', 'frame-sent')], director)).toEqual(['dummy']);
    expect(modelledFlowFeatures([event('ipvs_schedule', 'director'), event('xmit', 'director', 'frame-sent')], director)).toEqual(['IPVS', 'dummy']);
  });
  it('takes the features of the modelled device the flow runs on, even when it sends nothing (ip addr would list kube-ipvs0)', () => {
    expect(modelledFlowFeatures([event('process_start', 'director')], director, 'ip -br addr', 'director')).toEqual(['dummy']);
  });
  it("leaves a flow recordable when a modelled device only hears another host's broadcast and ignores it", () => {
    expect(modelledFlowFeatures([event('xmit', 'client', 'frame-sent'), event('rcv', 'director', 'frame-received'), event('arp_not_for_us', 'director')], director)).toEqual([]);
  });
  it('leaves a ping to a director whose only modelled part is IPVS recordable: IPVS shows in the trace or not at all', () => {
    const ipvsOnly = [{ id: 'director', features: ['IPVS' as const] }];
    expect(modelledFlowFeatures([event('xmit', 'client', 'frame-sent'), event('icmp_echo_reply', 'director'), event('xmit', 'director', 'frame-sent')], ipvsOnly)).toEqual([]);
  });
  it('leaves a flow whose trace never reaches the device recordable', () => {
    expect(modelledFlowFeatures([event('route_ok', 'client'), event('fwd', 'router')], director)).toEqual([]);
  });
  it('marks a flow whose own command runs ipvsadm, wherever it runs', () => {
    expect(modelledFlowFeatures([event('process_start', 'client')], [], 'ipvsadm -L -n')).toEqual(['IPVS']);
    expect(modelledFlowFeatures([event('process_start', 'client')], [], 'ip link show')).toEqual([]);
  });
});
