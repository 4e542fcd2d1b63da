import { formatIp4, type Ip4 } from '../addr/ipv4';
import { MAC_BROADCAST, type Mac } from '../addr/mac';
import type { ArpingCommand } from '../command/types';
import { packetBind } from '../kernel/af_packet';
import { devQueueXmit } from '../kernel/link';
import { routeOutput } from '../kernel/route';
import type { Stack } from '../kernel/stack';
import type { EthernetFrame } from '../wire/types';
import { NS, once, Timers, type Process, type ProcessIO } from './process';

/*
 * iputils arping (20221126, Debian 12) on a packet socket: a request every second, broadcast
 * until someone answers, then unicast to the MAC that answered (target hardware address in
 * the ARP payload ff:ff:ff:ff:ff:ff while broadcasting). Replies are only printed: the
 * kernel's neighbour table learns nothing from them (it has no entry to update). Ends one
 * interval after the last of -c probes, or at -w; exit 0 when anyone answered.
 */

const INTERVAL = NS;

export function startArping(stack: Stack, cmd: ArpingCommand, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  let unbind: (() => void) | undefined;
  const io = once(ioRaw, () => {
    timers.clear();
    unbind?.();
  });
  const devName = cmd.iface?.text ?? stack.devices.find((d) => !d.loopback && d.up)?.name ?? 'eth0';
  const dev = stack.byName.get(devName);
  if (!dev) {
    io.stderr(`arping: Device ${devName} not available.\n`);
    stack.env.schedule(0, () => io.exit(2));
    return { kill: () => io.exit(2) };
  }
  // -D (duplicate address detection) probes from 0.0.0.0 unless -s names a source.
  let src: Ip4 | undefined = cmd.source ?? (cmd.duplicateDetection ? 0 : undefined);
  if (src === undefined) {
    const r = routeOutput(stack, { dst: cmd.target, oif: dev });
    src = r.ok ? r.src : 0;
  }
  const from = src;
  io.stdout(`ARPING ${formatIp4(cmd.target)} from ${formatIp4(from)} ${dev.name}\n`);
  let sent = 0;
  let broadcasts = 0;
  let received = 0;
  let peer: Mac | undefined;
  let lastSent = 0;

  function finish(): void {
    io.stdout(`Sent ${sent} probes (${broadcasts} broadcast(s))\nReceived ${received} response(s)\n`);
    // -D succeeds when nobody answered (the address is free); otherwise a reply is success.
    io.exit(cmd.duplicateDetection ? (received > 0 ? 1 : 0) : received > 0 ? 0 : 1);
  }

  function probe(): void {
    const ethDst = peer ?? MAC_BROADCAST;
    const frame: EthernetFrame = { src: dev!.mac, dst: ethDst, payload: { kind: 'arp', op: 'request', senderMac: dev!.mac, senderIp: from, targetMac: ethDst, targetIp: cmd.target } };
    sent++;
    if (!peer) broadcasts++;
    lastSent = stack.env.now();
    stack.trace({ layer: 'arp', kind: 'arp-request', port: dev!.name, frame, reason: { code: 'arping_request', target: cmd.target } });
    devQueueXmit(stack, dev!, frame);
    if (cmd.count === undefined || sent < cmd.count) timers.after(INTERVAL, probe);
    else timers.after(INTERVAL, finish);
  }

  unbind = packetBind(stack, (inDev, frame) => {
    const a = frame.payload;
    if (inDev !== dev || a.kind !== 'arp' || a.op !== 'reply' || a.senderIp !== cmd.target || a.targetIp !== from) return;
    if (cmd.duplicateDetection && a.senderMac === dev.mac) return;
    const us = Math.round((stack.env.now() - lastSent) / 1000);
    received++;
    // print_hex: the MAC in upper case.
    io.stdout(`${frame.dst === MAC_BROADCAST ? 'Broadcast' : 'Unicast'} reply from ${formatIp4(a.senderIp)} [${a.senderMac.toUpperCase()}]  ${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}ms\n`);
    peer = a.senderMac;
    // -f, and -D (which sets quit_on_reply): the first reply ends it.
    if (cmd.quitOnReply || cmd.duplicateDetection) finish();
  });
  stack.env.schedule(0, probe);
  if (cmd.deadline !== undefined) timers.after(cmd.deadline * NS, finish);
  return { kill: () => finish() };
}
