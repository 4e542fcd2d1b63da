import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { NcConnect, NcListen } from '../command/types';
import { Errno, STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { UdpSock } from '../kernel/udp';
import { fromLatin1, textBytes } from './bytes';
import { DEV_NULL, NS, once, Timers, type Process, type ProcessIO } from './process';

/*
 * netcat-openbsd 1.219 (Debian) over UDP, as observed with tcpdump:
 * - `nc -u -z HOST PORT` without -v only connect()s a UDP socket: nothing is sent, and it
 *   exits 0 whether the port is open or not.
 * - With -v it probes (Debian's udptest): write "X", write "X" again (the second write fails
 *   with ECONNREFUSED if the ICMP port unreachable came back meanwhile, so a closed port on a
 *   LAN usually sees one X), then once a second for -w seconds (default 3) another "X". Any
 *   ECONNREFUSED: the port counts as closed, silently; otherwise "Connection to H P port
 *   [udp/*] succeeded!". Exit 0 if some port succeeded.
 * - `nc -u -l PORT` binds and, on the first datagram, connect()s to its sender: other
 *   clients then get ICMP port unreachable. With -k it stays unconnected.
 */

/** Between the two back-to-back writes of udptest (observed ~130 µs: two syscalls). */
const WRITE_GAP_NS = 100_000;
const UDP_SCAN_TIMEOUT = 3;
const X = Uint8Array.of(0x58);

export function startNcUdp(stack: Stack, cmd: NcConnect, target: Ip4, source: Ip4 | undefined, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  let sock: UdpSock | undefined;
  const io = once(ioRaw, () => {
    timers.clear();
    sock?.close();
  });
  if (!cmd.zero && cmd.verbose) {
    // With -v, nc probes the port with "X" datagrams (udptest) before it sends stdin.
    io.stderr('hairpin: nc -u -v without -z (its probe before sending stdin) is not modelled: drop -v\n');
    stack.env.schedule(0, () => io.exit(2));
    return { kill: () => io.exit(2) };
  }
  if (!cmd.zero) return sendStdin(stack, cmd, target, source, io, timers, (s) => (sock = s));
  const ports = cmd.ports.flatMap((r) => Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i));
  let anyOk = false;
  const rounds = cmd.timeout ?? UDP_SCAN_TIMEOUT;

  const next = (k: number): void => {
    sock?.close();
    sock = undefined;
    if (k >= ports.length) return io.exit(anyOk ? 0 : 1);
    const port = ports[k]!;
    const s = stack.sockets.udpConnect(target, port, { src: source, sport: cmd.sourcePort }, () => undefined);
    if (typeof s === 'number') {
      if (cmd.verbose) io.stderr(`nc: connect to ${formatIp4(target)} port ${port} (udp) failed: ${STRERROR[s] ?? s}\n`);
      return void timers.after(0, () => next(k + 1));
    }
    sock = s;
    const ok = () => {
      anyOk = true;
      if (cmd.verbose) io.stderr(`Connection to ${formatIp4(target)} ${port} port [udp/*] succeeded!\n`);
      next(k + 1);
    };
    if (!cmd.verbose) return void timers.after(0, ok);
    const refused = (err: number) => err === Errno.ECONNREFUSED;
    const closed = () => next(k + 1);
    if (s.send(X) !== 0) return void timers.after(0, closed);
    timers.after(WRITE_GAP_NS, () => {
      if (refused(s.send(X))) return closed();
      let i = 0;
      const tick = () => {
        if (i++ >= rounds) return ok();
        timers.after(NS, () => (refused(s.send(X)) ? closed() : tick()));
      };
      tick();
    });
  };
  stack.env.schedule(0, () => next(0));
  return { kill: () => io.exit(143) };
}

/**
 * `nc -u HOST PORT` without -z: connect() to the first port, then each read of stdin goes
 * out as one datagram and what comes back is printed. An ICMP error makes the next read fail
 * (ECONNREFUSED…): nc stops there, status 0. -w seconds with nothing read on either side end
 * it too; without -w it waits (the run's time limit ends it). EOF on stdin changes nothing,
 * except with -q SECONDS: nc quits that long after it.
 */
function sendStdin(stack: Stack, cmd: NcConnect, target: Ip4, source: Ip4 | undefined, io: ProcessIO, timers: Timers, keep: (s: UdpSock) => void): Process {
  const port = cmd.ports[0]!.min;
  let idle: number | undefined;
  const activity = () => {
    if (cmd.timeout === undefined) return;
    if (idle !== undefined) timers.cancel(idle);
    idle = timers.after(cmd.timeout * NS, () => io.exit(0));
  };
  const s = stack.sockets.udpConnect(target, port, { src: source, sport: cmd.sourcePort }, (data) => {
    io.stdout(fromLatin1(data));
    activity();
  });
  if (typeof s === 'number') {
    if (cmd.verbose) io.stderr(`nc: connect to ${formatIp4(target)} port ${port} (udp) failed: ${STRERROR[s] ?? s}\n`);
    stack.env.schedule(0, () => io.exit(1));
    return { kill: () => io.exit(143) };
  }
  keep(s);
  // The read that would fail: the process wakes on the error a moment after it arrived.
  s.onError = () => void timers.after(WAKE_NS, () => io.exit(0));
  activity();
  (io.stdin ?? DEV_NULL).read((text) => {
    const err = s.send(textBytes(text));
    if (err !== 0) return void timers.after(0, () => io.exit(0));
    activity();
  }, () => {
    // -q SECONDS: quit that long after EOF on stdin (a UDP shutdown sends nothing).
    if (cmd.quitAfterEof !== undefined) timers.after(cmd.quitAfterEof * NS, () => io.exit(0));
  });
  return { kill: () => io.exit(143) };
}

/** Between the kernel's event and nc's reaction to it. */
const WAKE_NS = 50_000;

export function startNcUdpListen(stack: Stack, cmd: NcListen, bind: Ip4, ioRaw: ProcessIO): Process {
  const io = once(ioRaw, () => sock !== undefined && typeof sock !== 'number' && sock.close());
  const sock = stack.sockets.udpBind(bind, cmd.port, (data, fromIp, fromPort, toIp) => {
    if (typeof sock === 'number') return;
    io.stdout(new TextDecoder().decode(data));
    if (!cmd.keepOpen && sock.remoteIp === undefined) {
      // connect() to the first sender: from now on only its datagrams reach us.
      sock.remoteIp = fromIp;
      sock.remotePort = fromPort;
      sock.localIp = toIp;
    }
  });
  if (typeof sock === 'number') {
    io.stderr(`nc: ${STRERROR[sock] ?? sock}\n`);
    stack.env.schedule(0, () => io.exit(1));
  }
  return { kill: () => io.exit(143) };
}
