import { describe, expect, it } from 'vitest';
import { routed, run } from '../sim/testing';
import type { CapturedFrame } from '../wire/types';
import { Normaliser } from './normalise';

/*
 * What the comparison renames: ports the kernel picks at random. MASQUERADE --random-fully (as
 * kube-proxy writes it) gives a connection a source port drawn from all of 1024-65535
 * (nf_nat_l4proto_unique_tuple, NF_NAT_RANGE_PROTO_RANDOM_FULLY), so a SYN's source port is
 * renamed wherever it falls; a server's well-known port stays as it is.
 */

/** The frame with the client's port `from` replaced by `to`, in either direction. */
function movePort(f: CapturedFrame, from: number, to: number): CapturedFrame {
  if (f.payload.kind !== 'ipv4' || f.payload.payload.kind !== 'tcp') return f;
  const tcp = f.payload.payload;
  const moved = { ...tcp, sport: tcp.sport === from ? to : tcp.sport, dport: tcp.dport === from ? to : tcp.dport };
  return { ...f, payload: { ...f.payload, payload: moved } };
}

describe('Normaliser', () => {
  const r = run(routed([], ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80');
  const frames = r.captures.get('server:eth0')!.map((c) => c.frame).filter((f) => f.payload.kind === 'ipv4');
  const syn = frames[0]!.payload;
  const clientPort = syn.kind === 'ipv4' && syn.payload.kind === 'tcp' ? syn.payload.sport : -1;
  const lines = (port: number) => {
    const n = new Normaliser();
    const moved = frames.map((f) => movePort(f, clientPort, port));
    for (const f of moved) n.learn(f);
    return moved.map((f) => n.frame(f, 0));
  };

  it('renames a SYN\'s source port below 32768 (a --random-fully draw) as it renames an ephemeral one, in both directions', () => {
    expect(lines(14822)).toEqual(lines(40000));
    expect(lines(14822).join('\n')).not.toContain('14822');
  });

  it('keeps the server\'s port 80 as it is', () => {
    expect(lines(14822)[0]).toContain('TCP EPH1 > 80 [S]');
  });
});
