import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { routed, run } from '../../sim/testing';
import type { SkBuff } from '../skbuff';
import { NF_IP_PRI_FILTER, NFPROTO_IPV4, NFPROTO_IPV6, NfHooks, type NfHookFn } from './core';

describe('nf_hook_ops registry (net/netfilter/core.c)', () => {
  it('nf_hook_slow runs a hook\'s operations by priority, equal priorities in registration order, and stops at the first DROP', () => {
    const hooks = new NfHooks();
    const seen: string[] = [];
    const op = (owner: string, priority: number, verdict: 'ACCEPT' | 'DROP' = 'ACCEPT') => {
      const fn: NfHookFn<string> = (name) => (seen.push(name), verdict);
      hooks.register({ hook: 'INPUT', pf: NFPROTO_IPV4, priority, fn, priv: owner, owner });
    };
    op('filter', NF_IP_PRI_FILTER);
    op('ipvs', 100, 'DROP');
    op('mangle', -150);
    op('nft filter', NF_IP_PRI_FILTER);
    op('after drop', 200);
    expect(hooks.run({} as SkBuff, { hook: 'INPUT', pf: NFPROTO_IPV4, reroute: false })).toBe('DROP');
    expect(seen).toEqual(['mangle', 'filter', 'nft filter', 'ipvs']);
  });

  it('a namespace without rules registers nothing: no table has work and connection tracking is off', () => {
    const nf = run(routed(), 'client', 'ping -c 1 10.0.2.2').network.stacks.get('router')!.nf;
    for (const hook of ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const) expect(nf.hooks.at(hook)).toEqual([]);
  });

  it('once every table has a chain and nat is in use, conntrack, the tables, NAT and confirm are registered at the kernel\'s priorities', () => {
    const chains = ['raw', 'mangle', 'nat', 'filter'].map((t) => `iptables -t ${t} -N X`);
    const r = run(routed(chains), 'client', 'ping -c 1 10.0.2.2');
    const nf = r.network.stacks.get('router')!.nf;
    const at = (hook: Parameters<typeof nf.hooks.at>[0]) => nf.hooks.at(hook).map((o) => `${o.owner} ${o.priority}`);
    expect(at('PREROUTING')).toEqual(['iptable_raw -300', 'nf_conntrack -200', 'iptable_mangle -150', 'nf_nat -100']);
    expect(at('INPUT')).toEqual(['iptable_mangle -150', 'iptable_filter 0', 'nf_nat 100', 'nf_conntrack 2147483647']);
    expect(at('FORWARD')).toEqual(['iptable_mangle -150', 'iptable_filter 0']);
    expect(at('OUTPUT')).toEqual(['iptable_raw -300', 'nf_conntrack -200', 'iptable_mangle -150', 'nf_nat -100', 'iptable_filter 0']);
    expect(at('POSTROUTING')).toEqual(['iptable_mangle -150', 'nf_nat 100', 'nf_conntrack 2147483647']);
  });

  it('an operation another front end registers (as IPVS or nftables would) runs in the flow at its priority', () => {
    const seen: string[] = [];
    const r = runCommand(routed(['iptables -A FORWARD -j ACCEPT']), 'client', 'ping -c 1 -W 1 10.0.2.2', {
      onBooted: (net) => {
        const nf = net.stacks.get('router')!.nf;
        // After the filter table (0): the packet was accepted there, and this operation drops it.
        nf.hooks.register({ hook: 'FORWARD', pf: NFPROTO_IPV4, priority: NF_IP_PRI_FILTER + 1, owner: 'toy', priv: seen, fn: (s) => (s.push('toy'), 'DROP') });
      },
    });
    expect(r.exit).toBe(1);
    expect(seen).toEqual(['toy']);
    expect(r.events.some((e) => e.device === 'router' && e.facts?.table === 'filter' && e.facts?.chain === 'FORWARD')).toBe(true);
  });

  it('each family has its own hooks: an operation registered for NFPROTO_IPV6 never sees an IPv4 packet', () => {
    const seen: string[] = [];
    const r = runCommand(routed(['iptables -A FORWARD -j ACCEPT']), 'client', 'ping -c 1 -W 1 10.0.2.2', {
      onBooted: (net) => {
        const nf = net.stacks.get('router')!.nf;
        nf.hooks.register({ hook: 'FORWARD', pf: NFPROTO_IPV6, priority: NF_IP_PRI_FILTER + 1, owner: 'toy6', priv: seen, fn: (s) => (s.push('toy6'), 'DROP') });
        expect(nf.hooks.at('FORWARD', NFPROTO_IPV6).map((o) => o.owner)).toEqual(['toy6']);
        expect(nf.hooks.at('FORWARD', NFPROTO_IPV4).map((o) => o.owner)).not.toContain('toy6');
      },
    });
    expect(r.exit).toBe(0);
    expect(seen).toEqual([]);
  });
});
