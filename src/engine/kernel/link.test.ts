import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { tcpdump, twoHosts } from '../sim/testing';
import { ETH_P_ARP, ETH_P_IP, ETH_P_IPV6 } from '../wire/types';
import { devAddPack } from './link';

/*
 * __netif_receive_skb hands a frame to the packet_type registered for its ethertype
 * (ptype_base): IPv4 and ARP are two registrations of inet_init, and IPv6 would be a third
 * (ipv6_packet_type, ETH_P_IPV6) beside them, not a branch inside them.
 */
describe('ptype dispatch by ethertype (net/core/dev.c)', () => {
  it('inet_init registers ETH_P_IP and ETH_P_ARP only; a handler registered for ETH_P_IP receives every IPv4 frame while ARP keeps its own', () => {
    const received: string[] = [];
    const r = runCommand(twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0']), 'a', 'ping -c 1 -W 1 10.0.0.2', {
      onBooted: (net) => {
        const b = net.stacks.get('b')!;
        expect([...b.ptype.keys()].sort()).toEqual([ETH_P_IP, ETH_P_ARP]);
        expect(b.ptype.has(ETH_P_IPV6)).toBe(false);
        devAddPack(b, { type: ETH_P_IP, func: (_s, dev, frame) => void received.push(`${dev.name} ${frame.payload.kind}`) });
      },
    });
    // ARP is still answered by arp_rcv; the echo request went to the new IPv4 handler, so no reply.
    expect(tcpdump(r, 'b:eth0').filter((l) => l.includes('Reply 10.0.0.2 is-at'))).toHaveLength(1);
    expect(received).toEqual(['eth0 ipv4']);
    expect(r.exit).toBe(1);
  });
});
