import { formatIp4 } from '../addr/ipv4';
import { TCP_ACK, TCP_RST, TCP_SYN, type Ipv4Packet } from '../wire/types';
import { ipv4Of } from './packet';
import type { Reason } from './reason';
import type { TraceEvent } from './types';
import { why } from './why';

/*
 * The verdict on one injected packet ("where does this packet go, and why?"), in one sentence:
 * where it arrived, the netfilter decision that let it through or the step that dropped it,
 * where it ended (a listener, the kernel's own answer, a port it leaves by), and the answer's
 * way out. It reads reason codes and their facts, as verdict.ts does for a command's run.
 * `ok` is the CLI's exit status 0: delivered to a socket, answered by an echo reply, forwarded
 * or sent out; a drop or a refusal (no listener: RST, ICMP port unreachable) is not.
 */

export interface InjectedRun {
  device: string;
  /** "tcp 203.0.113.5:55234 → 91.99.148.215:22" */
  packetText: string;
  /** The port it arrived on; absent for a local process's packet. */
  inPort?: string;
  /** A local packet the kernel refused to send (its errno's name). */
  sendError?: string;
  events: readonly TraceEvent[];
}

export interface PacketVerdict {
  ok: boolean;
  text: string;
  /** The event the verdict turns on. */
  seq?: number;
}

/** Drops every healthy network has: not about this packet. */
const NOISE = new Set<Reason['code']>(['otherhost', 'bridge_same_port', 'not_forwarded_otherhost']);

/** Where the kernel starts its own answer to the packet (it holds the original until then). */
const ANSWERS = new Set<Reason['code']>(['tcp_syn_recv', 'no_socket_tcp', 'no_socket_udp', 'icmp_sent', 'echo_reply', 'reject_tcp_reset']);

function nameOfAnswer(p: Ipv4Packet | undefined): string {
  const l4 = p?.payload;
  if (l4?.kind === 'tcp') return (l4.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK) ? 'SYN-ACK' : l4.flags & TCP_RST ? 'RST' : 'TCP segment';
  if (l4?.kind === 'icmp') return l4.type === 0 ? 'echo reply' : l4.type === 3 ? `ICMP ${UNREACH[l4.code] ?? 'destination unreachable'}` : l4.type === 11 ? 'ICMP time exceeded' : `ICMP type ${l4.type}`;
  return 'answer';
}

const UNREACH: Record<number, string> = { 0: 'net unreachable', 1: 'host unreachable', 3: 'port unreachable', 10: 'host prohibited', 13: 'administratively prohibited' };

/** "dropped in filter INPUT by rule 4 (DROP)", "dropped in filter FORWARD by policy DROP". */
function dropText(e: TraceEvent): string {
  const r = e.reason;
  if (r.code === 'nf_drop') return `dropped in ${r.table} ${r.hook} by ${r.rule ? `rule ${r.rule.line} of ${r.rule.chain} (-j ${r.rule.target})` : `policy ${r.policy}`}`;
  if (r.code === 'nft_drop') return `dropped by nft ${r.family} ${r.table} ${r.chain} (hook ${r.hook}) ${r.rule ? `rule handle ${r.rule.handle}` : `policy ${r.policy}`}`;
  if (r.code === 'input_route' || r.code === 'no_route') return `dropped by routing: ${why(e)}`;
  return `dropped: ${why(e)}`;
}

/** "accepted by filter INPUT rule 3" from the last filter verdict on the way (none: no word). */
function acceptText(events: readonly TraceEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const r = events[i]!.reason;
    if (r.code === 'nf_hook' && r.table === 'filter' && (r.hook === 'INPUT' || r.hook === 'FORWARD' || r.hook === 'OUTPUT')) {
      return r.rule ? `accepted by ${r.hook} rule ${r.rule.line}${r.rule.chain !== r.hook ? ` of ${r.rule.chain}` : ''} (-j ${r.rule.target})` : `accepted by ${r.hook} policy ${r.policy}`;
    }
    if (r.code === 'nft_chain' && (r.hook === 'input' || r.hook === 'forward' || r.hook === 'output') && r.policy !== undefined) {
      return r.rule ? `accepted by nft ${r.family} ${r.table} ${r.chain} rule handle ${r.rule.handle}` : `accepted by nft ${r.family} ${r.table} ${r.chain} policy ${r.policy}`;
    }
  }
  return undefined;
}

/**
 * The rewrites NAT made to the packet itself on `where`: "DNAT to 10.0.0.2:80". Once the box
 * sends a frame the packet has passed POSTROUTING; a later packet of its connection in the same
 * direction (a RST from its sender, say) is rewritten again, and is not this packet.
 */
function natText(events: readonly TraceEvent[], where: string): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.device !== where) continue;
    if (e.kind === 'frame-sent') break;
    const r = e.reason;
    if (r.code !== 'nat' || r.reply) continue;
    const to = `${formatIp4(r.to.addr)}${r.to.port !== undefined ? `:${r.to.port}` : ''}`;
    out.push(`${r.manip === 'dst' ? 'DNAT' : 'SNAT'} to ${to}`);
  }
  return out;
}

/**
 * How a packet the box sends (forwarded, or its own answer) leaves: the frame on its port, or
 * the ARP nobody answered. `from` is the first event of its way out.
 */
function leaving(events: readonly TraceEvent[], from: number, what: string, device: string, skip?: TraceEvent): { text: string; seq?: number; dropped?: TraceEvent } {
  let routeAt = -1;
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (e.device !== device || e === skip) continue;
    const r = e.reason;
    // A NAT rule in OUTPUT changed the destination: ip_route_me_harder's route is the one it leaves by.
    if (r.code === 'rerouted' || (routeAt < 0 && (r.code === 'output_route' || r.code === 'forwarded' || r.code === 'output_local'))) routeAt = i;
    if (e.kind === 'drop' && !NOISE.has(r.code) && r.code !== 'neigh_failed') return { text: `${what} is ${dropText(e)}`, seq: i, dropped: e };
    if (r.code === 'neigh_failed') {
      const hop = formatIp4(r.nexthop);
      // ip_neigh_error_report: a forwarded packet's sender hears of it (icmp_send host unreachable).
      const icmpAt = events.findIndex((x, j) => j > i && x.device === device && x.reason.code === 'icmp_sent');
      const icmp = icmpAt < 0 ? undefined : events[icmpAt];
      let to = icmp && ipv4Of(icmp)?.dst;
      // The error quotes the packet as it left, after SNAT (MASQUERADE): OUTPUT's un-NAT of the
      // error (nf_nat_icmp_reply_translation) readdresses it to the packet's original sender.
      const unNat = icmpAt < 0 ? undefined : events.slice(icmpAt + 1).find((x) => x.device === device && (x.kind === 'frame-sent' || (x.reason.code === 'nat' && x.reason.reply && x.reason.manip === 'dst')));
      if (unNat?.reason.code === 'nat' && unNat.reason.from.addr === to) to = unNat.reason.to.addr;
      const told = to !== undefined && !events.some((x) => x.device === device && x.reason.code === 'output_local' && ipv4Of(x)?.dst === to) ? `; the kernel then sends ICMP host unreachable back to ${formatIp4(to)}` : '';
      return { text: `${what} is routed out ${e.port} towards ${hop}, but ARP for ${hop} is sent on ${e.port} and nobody answers (nothing is built beyond ${e.port}), so it never leaves${told}`, seq: i };
    }
    if (e.kind === 'frame-sent' && e.frame?.payload.kind === 'ipv4') {
      const route = events[routeAt];
      const gw = route?.reason.code === 'output_route' || route?.reason.code === 'forwarded' || route?.reason.code === 'rerouted' ? route.reason.gateway : undefined;
      return { text: `${what} leaves by ${e.port}${gw !== undefined ? ` via ${formatIp4(gw)}` : ''} to ${e.frame.dst}`, seq: i };
    }
  }
  const seq = routeAt < 0 ? undefined : routeAt;
  if (events[routeAt]?.reason.code === 'output_local') return { text: `${what} is for this box and stays on lo`, seq };
  return { text: `${what} is not seen leaving`, seq };
}

export function packetVerdict(run: InjectedRun): PacketVerdict {
  const head = `${run.packetText} ${run.inPort ? `arriving on ${run.inPort}` : `sent by a local process on ${run.device}`}`;
  const events = run.events;
  // Where the packet is handled: the device, or the namespace of it its port was moved into (`host/ns1`).
  const where = (run.inPort ? events.find((e) => e.kind === 'frame-received')?.device : undefined) ?? run.device;
  // An answer comes before the box sends anything of its own: an ICMP error after that is about what it sent.
  const firstOut = run.inPort ? events.findIndex((e) => e.device === where && e.reason.code === 'output_route') : -1;
  const answerAt = events.findIndex((e, i) => e.device === where && ANSWERS.has(e.reason.code) && (firstOut < 0 || i < firstOut));
  // What happened to the packet itself: everything until the box answers or sends anything (a
  // prefix of the trace: an index into it is one into the trace).
  const before = events.slice(0, Math.min(answerAt < 0 ? events.length : answerAt, firstOut < 0 ? events.length : firstOut));
  const nat = natText(before, where);
  const natPart = nat.length ? `${nat.join(', ')}, ` : '';

  if (run.sendError) {
    const dropAt = before.findIndex((e) => e.kind === 'drop');
    const drop = before[dropAt];
    return { ok: false, seq: drop && dropAt, text: `${head}: not sent (${run.sendError})${drop ? `: ${dropText(drop)}` : ''}` };
  }

  // The packet's own fate on the device, before the kernel answers anything (another device's
  // drop in that time is of something else: a forwarded packet's answer dropped further on).
  const dropAt = before.findIndex((e) => e.device === where && e.kind === 'drop' && !NOISE.has(e.reason.code) && e.reason.code !== 'neigh_failed' && e.layer !== 'tcp' && e.layer !== 'udp');
  if (dropAt >= 0) return { ok: false, seq: dropAt, text: `${head}: ${natPart}${dropText(before[dropAt]!)}` };

  // Forwarded, or a local packet routed out: its way out comes before any answer (an ICMP
  // host unreachable after its ARP failed is about that way out, not an answer to it).
  // A local packet for this box that OUTPUT's DNAT sends elsewhere (127.0.0.1 to a published port) is routed out only then.
  const sentOut = events.findIndex((e) => e.device === where && (run.inPort ? e.reason.code === 'forwarded' : e.reason.code === 'output_route' || e.reason.code === 'rerouted'));
  if (sentOut >= 0 && (answerAt < 0 || sentOut < answerAt)) {
    const out = leaving(events, sentOut, 'it', where);
    const accept = acceptText(out.seq === undefined ? events : events.slice(0, out.seq));
    const forwarded = run.inPort ? 'forwarded, ' : '';
    return { ok: !out.dropped, seq: out.seq ?? sentOut, text: `${head}: ${natPart}${forwarded}${accept ? `${accept}, ` : ''}${out.text}` };
  }
  const accepted = acceptText(before);
  const accept = accepted ? `${accepted}, ` : '';
  if (answerAt < 0) {
    const localAt = before.findIndex((e) => e.reason.code === 'input_local');
    const local = before[localAt];
    if (local && ipv4Of(local)?.payload.kind === 'udp') return { ok: true, seq: localAt, text: `${head}: ${natPart}${accept}delivered to the socket on UDP port ${(ipv4Of(local)!.payload as { dport: number }).dport}` };
    if (local) {
      // TCP answered without a socket's decision of its own (a listener's RST to a stray ACK or SYN-ACK).
      const replyAt = events.findIndex((e, i) => i > localAt && e.device === where && e.reason.code === 'output_route');
      if (replyAt < 0) return { ok: true, seq: localAt, text: `${head}: ${natPart}${accept}delivered to this box, and nothing answers it` };
      const what = `the ${nameOfAnswer(ipv4Of(events[replyAt]!))}`;
      const refused = what === 'the RST' || what.startsWith('the ICMP');
      const out = leaving(events, replyAt, what, where);
      return { ok: !refused, seq: replyAt, text: `${head}: ${natPart}${accept}delivered to this box, which answers with ${what}; ${out.text}` };
    }
    const last = before[before.length - 1];
    return { ok: false, seq: last && before.length - 1, text: `${head}: ${natPart}${accept}no further step${last ? ` (last: ${why(last)})` : ''}` };
  }

  // The kernel's answer: a listener's SYN-ACK, a RST, an ICMP message, an echo reply.
  const answer = events[answerAt]!;
  // -j REJECT answers from inside the chain, before the chain's drop is recorded.
  const rejectAt = events.findIndex((e) => e.device === where && e.reason.code === 'nf_drop' && e.reason.rule?.target === 'REJECT');
  const reject = events[rejectAt];
  if (reject) {
    const what = `the ${nameOfAnswer(ipv4Of(answer))}`;
    const out = leaving(events, answerAt + 1, what, where, reject);
    return { ok: false, seq: rejectAt, text: `${head}: ${natPart}rejected: ${dropText(reject).replace(/^dropped /, '')}; ${out.text}` };
  }
  const r = answer.reason;
  const answerPkt = events.slice(answerAt).find((e) => e.device === where && (e.reason.code === 'output_route' || e.reason.code === 'echo_reply' || e.reason.code === 'icmp_sent'));
  const what = `the ${nameOfAnswer(answerPkt ? ipv4Of(answerPkt) : undefined)}`;
  const out = leaving(events, answerAt + 1, what, where);
  let fate: string;
  let ok = true;
  if (r.code === 'tcp_syn_recv') fate = `delivered to the listener on TCP port ${r.port}`;
  else if (r.code === 'no_socket_tcp') {
    ok = false;
    fate = `nothing listens on TCP port ${r.port}: ${r.rst ? 'the kernel answers RST' : 'dropped without answer'}`;
  } else if (r.code === 'no_socket_udp') {
    ok = false;
    fate = `nothing listens on UDP port ${r.port}: the kernel answers ICMP port unreachable`;
  } else if (r.code === 'echo_reply') fate = 'answered by the kernel with an echo reply';
  else if (r.code === 'reject_tcp_reset') {
    ok = false;
    fate = 'rejected with a TCP reset';
  } else {
    ok = false;
    fate = `answered with ${why(answer)}`;
  }
  return { ok, seq: answerAt, text: `${head}: ${natPart}${accept}${fate}; ${out.text}` };
}
