import { formatIp4 } from '../../addr/ipv4';
import { hex, saveString } from './matches';
import type { NatRange } from './nat';
import { nfNatMasquerade, nfNatRedirect, nfNatSetupInfo } from './nf_nat_masquerade';
import { sendReject, type RejectWith } from './reject';
import type { Target, Verdict, XtContext } from './x_tables';

/* iptables targets (iptables-extensions(8)). NAT targets bind the connection and accept. */

export function verdictTarget(name: 'ACCEPT' | 'DROP' | 'RETURN'): Target {
  return { name, save: `-j ${name}`, run: () => name };
}

export function jumpTarget(chain: string, goto = false): Target {
  const v: Verdict = goto ? { goto: chain } : { jump: chain };
  return { name: chain, enters: chain, save: `${goto ? '-g' : '-j'} ${chain}`, run: () => v };
}

export function rejectTarget(withWhat: RejectWith): Target {
  return {
    name: 'REJECT',
    save: `-j REJECT --reject-with ${withWhat}`,
    run: (c) => {
      sendReject(c.stack, c.skb, withWhat, c.hook);
      return 'DROP';
    },
  };
}

export function logTarget(prefix: string | undefined, level: number | undefined): Target {
  const parts = ['-j LOG'];
  if (prefix) parts.push(`--log-prefix ${saveString(prefix)}`);
  if (level !== undefined && level !== 4) parts.push(`--log-level ${level}`);
  return {
    name: 'LOG',
    save: parts.join(' '),
    run: (c) => {
      const p = c.skb.pkt;
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: p, why: `LOG: ${prefix ?? ''}IN=${c.inDev?.name ?? ''} OUT=${c.outDev?.name ?? ''} SRC=${formatIp4(p.src)} DST=${formatIp4(p.dst)} TTL=${p.ttl}` });
      return 'CONTINUE';
    },
  };
}

function rangeText(r: NatRange): string {
  let s = formatIp4(r.minIp) + (r.maxIp !== r.minIp ? `-${formatIp4(r.maxIp)}` : '');
  if (r.minPort !== undefined) s += `:${r.minPort}${r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
  return s;
}

/** libxt_NAT's save: --random, --random-fully, --persistent (random-fully also randomises, as the kernel does). */
function natFlags(r: NatRange, fullyRandom = false): string {
  return (r.random && !fullyRandom ? ' --random' : '') + (fullyRandom ? ' --random-fully' : '') + (r.persistent ? ' --persistent' : '');
}

export function snatTarget(range: NatRange, fullyRandom = false): Target {
  return { name: 'SNAT', needsConntrack: true, save: `-j SNAT --to-source ${rangeText(range)}${natFlags(range, fullyRandom)}`, run: (c) => nfNatSetupInfo(c.stack, c.skb, range, 'src') };
}

export function dnatTarget(range: NatRange): Target {
  return { name: 'DNAT', needsConntrack: true, save: `-j DNAT --to-destination ${rangeText(range)}${natFlags(range)}`, run: (c) => nfNatSetupInfo(c.stack, c.skb, range, 'dst') };
}

/** MASQUERADE: the NAT core picks the egress device's address. */
export function masqueradeTarget(ports?: { min: number; max: number }, random?: boolean, fullyRandom = false): Target {
  const save = `-j MASQUERADE${ports ? ` --to-ports ${ports.min}${ports.max !== ports.min ? `-${ports.max}` : ''}` : ''}${random && !fullyRandom ? ' --random' : ''}${fullyRandom ? ' --random-fully' : ''}`;
  return { name: 'MASQUERADE', needsConntrack: true, save, run: (c) => nfNatMasquerade(c.stack, c.skb, c.outDev!, ports, random) };
}

/** REDIRECT: the NAT core picks the incoming interface's address. */
export function redirectTarget(ports?: { min: number; max: number }, random?: boolean): Target {
  const save = `-j REDIRECT${ports ? ` --to-ports ${ports.min}${ports.max !== ports.min ? `-${ports.max}` : ''}` : ''}${random ? ' --random' : ''}`;
  return { name: 'REDIRECT', needsConntrack: true, save, run: (c) => nfNatRedirect(c.stack, c.skb, c.hook, c.inDev, ports, random) };
}

/** MARK: mark = (mark & ~mask) ^ value (--set-xmark; --set-mark v/m is xmark v/(v|m)). */
export function markTarget(value: number, mask: number): Target {
  return {
    name: 'MARK',
    save: `-j MARK --set-xmark ${hex(value)}/${hex(mask)}`,
    run: (c) => {
      const before = c.skb.mark;
      c.skb.mark = ((c.skb.mark & ~mask) ^ value) >>> 0;
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, why: `MARK: packet mark ${hex(before)} → ${hex(c.skb.mark)}`, facts: { mark: hex(c.skb.mark) } });
      return 'CONTINUE';
    },
  };
}

export type ConnmarkOp = { op: 'set'; value: number; mask: number } | { op: 'save' | 'restore'; nfmask: number; ctmask: number };

export function connmarkTarget(spec: ConnmarkOp): Target {
  const save =
    spec.op === 'set'
      ? `-j CONNMARK --set-xmark ${hex(spec.value)}/${hex(spec.mask)}`
      : `-j CONNMARK --${spec.op}-mark --nfmask ${hex(spec.nfmask)} --ctmask ${hex(spec.ctmask)}`;
  return {
    name: 'CONNMARK',
    needsConntrack: true,
    save,
    run: (c) => {
      const ct = c.skb.ct;
      if (!ct) return 'CONTINUE';
      if (spec.op === 'set') ct.mark = ((ct.mark & ~spec.mask) ^ spec.value) >>> 0;
      else if (spec.op === 'save') ct.mark = ((ct.mark & ~spec.ctmask) ^ (c.skb.mark & spec.nfmask)) >>> 0;
      else c.skb.mark = ((c.skb.mark & ~spec.nfmask) ^ (ct.mark & spec.ctmask)) >>> 0;
      c.stack.trace({
        layer: 'netfilter',
        kind: 'rule-match',
        packet: c.skb.pkt,
        why: spec.op === 'restore' ? `CONNMARK --restore-mark: packet mark ← connection mark ${hex(ct.mark)}` : `CONNMARK: connection mark is now ${hex(ct.mark)}`,
        facts: { mark: hex(c.skb.mark), ctmark: hex(ct.mark) },
      });
      return 'CONTINUE';
    },
  };
}
