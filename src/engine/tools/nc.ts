import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { NcConnect, NcListen } from '../command/types';
import { Errno, STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { TcpSock } from '../kernel/tcp';
import { startNcUdp, startNcUdpListen } from './nc-udp';
import { textBytes } from './bytes';
import { DEV_NULL, NS, once, Timers, type Process, type ProcessIO } from './process';
import { GAI_STRERROR, resolveRef, type Cancel } from './resolver';

/*
 * OpenBSD netcat as Debian ships it (netcat-openbsd 1.219): `nc -z` connects and closes
 * (a FIN, never data), `-w` bounds the connect; messages only with -v. Without -z it sends
 * what it reads on stdin and prints what arrives; EOF on stdin changes nothing (without -N
 * or -q: no FIN), the peer's FIN ends it (it closes too, status 0), and so does -w seconds
 * with nothing read on either side. -N sends the FIN at EOF on stdin; -q SECONDS does too, and
 * quits that long after it. `nc -l [-k]` accepts, reads until EOF and closes, and with -k goes back
 * to listening.
 */

/**
 * `nc [-u] [-s SOURCE] HOST PORT...`: getaddrinfo(AF_UNSPEC) for HOST first (the resolver's
 * A+AAAA queries), then for -s SOURCE (remote_connect), whose failure has no host in its text.
 */
export function startNc(stack: Stack, cmd: NcConnect, ioRaw: ProcessIO): Process {
  let proc: Process | undefined;
  let cancel: Cancel = () => undefined;
  const io = once(ioRaw, () => cancel());
  cancel = resolveRef(stack, cmd.host, 'unspec', (r) => {
    if (!r.ok) {
      io.stderr(`nc: getaddrinfo for host "${cmd.host.kind === 'name' ? cmd.host.name : ''}" port ${cmd.ports[0]?.min}: ${GAI_STRERROR[r.error]}\n`);
      return io.exit(1);
    }
    const start = (source: Ip4 | undefined) => {
      proc = cmd.udp ? startNcUdp(stack, cmd, r.address, source, io) : startNcConnect(stack, cmd, r.address, source, io);
    };
    if (!cmd.source) return start(undefined);
    cancel = resolveRef(stack, cmd.source, 'unspec', (s) => {
      if (!s.ok) {
        io.stderr(`nc: getaddrinfo: ${GAI_STRERROR[s.error]}\n`);
        return io.exit(1);
      }
      start(s.address);
    });
  });
  return { kill: () => (proc ? proc.kill() : io.exit(143)) };
}

export function startNcConnect(stack: Stack, cmd: NcConnect, target: Ip4, source: Ip4 | undefined, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  let current: TcpSock | undefined;
  const io = once(ioRaw, () => {
    timers.clear();
  });
  const ports = cmd.ports.flatMap((r) => Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i));
  let index = 0;
  let anyOk = false;
  /** What the connected socket's data and FIN do (readwrite() once connected without -z). */
  let onNetData: (data: Uint8Array) => void = () => undefined;
  let onNetEof: () => void = () => undefined;

  function next(): void {
    if (index >= ports.length) return io.exit(anyOk ? 0 : 1);
    const port = ports[index++]!;
    let settled = false;
    const fail = (errno: number) => {
      if (settled) return;
      settled = true;
      if (cmd.verbose) io.stderr(`nc: connect to ${formatIp4(target)} port ${port} (tcp) ${errno === Errno.ETIMEDOUT ? 'timed out: Operation now in progress' : `failed: ${STRERROR[errno] ?? errno}`}\n`);
      current?.close();
      current = undefined;
      stack.env.schedule(0, next);
    };
    // nc -p binds before it connects: a port still held (its own TIME_WAIT) ends nc (err(1, "bind failed")).
    if (cmd.sourcePort !== undefined && stack.sockets.tcpPortBound(source ?? 0, cmd.sourcePort)) {
      settled = true;
      io.stderr(`nc: bind failed: ${STRERROR[Errno.EADDRINUSE]}\n`);
      return io.exit(1);
    }
    const sock = stack.sockets.tcpConnect(target, port, { src: source, sport: cmd.sourcePort }, {
      onConnected: () => {
        if (settled) return;
        settled = true;
        anyOk = true;
        if (cmd.verbose) io.stderr(`Connection to ${formatIp4(target)} ${port} port [tcp/*] succeeded!\n`);
        // The process wakes a moment after the kernel completed the handshake: -z closes.
        timers.after(WAKE_NS, () => {
          if (typeof sock === 'number') return;
          if (cmd.zero) {
            sock.close();
            return next();
          }
          readwrite(sock);
        });
      },
      onError: (errno) => fail(errno),
      onData: (data) => onNetData(data),
      onEof: () => onNetEof(),
    });
    if (typeof sock === 'number') {
      fail(sock);
      return;
    }
    current = sock;
    if (cmd.timeout !== undefined) {
      timers.after(cmd.timeout * NS, () => {
        if (!settled) fail(Errno.ETIMEDOUT);
      });
    }
  }

  /** stdin to the socket, the socket to stdout, until the peer's FIN or -w seconds idle. */
  function readwrite(sock: TcpSock): void {
    let done = false;
    let idle: number | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      if (idle !== undefined) timers.cancel(idle);
      onNetData = onNetEof = () => undefined;
      sock.close();
      current = undefined;
      next();
    };
    const activity = () => {
      if (cmd.timeout === undefined || done) return;
      if (idle !== undefined) timers.cancel(idle);
      idle = timers.after(cmd.timeout * NS, finish);
    };
    onNetData = (data) => {
      io.stdout(latin1(data));
      activity();
    };
    let stdinDone = false;
    // With -q, once stdin ended only the quit timer ends nc (observed: the peer's FIN does not).
    onNetEof = () => {
      if (!(stdinDone && cmd.quitAfterEof !== undefined)) timers.after(WAKE_NS, finish);
    };
    activity();
    (io.stdin ?? DEV_NULL).read((text) => {
      if (done) return;
      sock.write(textBytes(text));
      activity();
    }, () => {
      // nc sees the EOF on its next pass through poll(), after the write of what came before
      // (observed: the FIN leaves 60–90 µs after the data, after the peer's ACK on a LAN).
      timers.after(WAKE_NS, () => {
        if (done) return;
        stdinDone = true;
        // -N and -q: shutdown(SHUT_WR), the FIN after what was written; -q then quits after its delay.
        if (cmd.shutdownOnEof || cmd.quitAfterEof !== undefined) sock.shutdown();
        if (cmd.quitAfterEof !== undefined) timers.after(cmd.quitAfterEof * NS, finish);
      });
    });
  }

  stack.env.schedule(0, next);
  return {
    kill: () => {
      current?.close();
      io.exit(143);
    },
  };
}

/** Between the kernel's event and nc's reaction to it (poll wakes, the syscall runs). */
const WAKE_NS = 50_000;


/** `nc -l [-k] [ADDR] PORT`: a listener that closes each connection when the peer does. */
export function startNcListen(stack: Stack, cmd: NcListen, bind: Ip4, ioRaw: ProcessIO): Process {
  const io = once(ioRaw, () => undefined);
  if (cmd.udp) return startNcUdpListen(stack, cmd, bind, io);
  let accepted = 0;
  const listener = stack.sockets.tcpListen(bind, cmd.port, (sock) => {
    accepted++;
    sock.events = {
      // nc copies what it reads to stdout as it arrives.
      onData: (data) => io.stdout(latin1(data)),
      // read() returns 0 on the peer's FIN; nc then closes its side.
      onEof: () => stack.env.schedule(WAKE_NS, () => {
        sock.close();
        if (!cmd.keepOpen) io.exit(0);
      }),
    };
  });
  if (typeof listener === 'number') {
    io.stderr(`nc: ${STRERROR[listener] ?? listener}\n`);
    stack.env.schedule(0, () => io.exit(1));
  }
  void accepted;
  return { kill: () => io.exit(143) };
}

/** Bytes as the terminal shows them (one character per byte; the simulated payloads are ASCII). */
function latin1(data: Uint8Array): string {
  let out = '';
  for (const b of data) out += String.fromCharCode(b);
  return out;
}
