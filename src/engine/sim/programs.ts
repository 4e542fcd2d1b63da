import type { Ip4 } from '../addr/ipv4';
import type { Command, HostRef } from '../command/types';
import { applyConfig, CommandFailure, type KernelConfigCommand } from '../netlink/config';
import type { Stack } from '../kernel/stack';
import { startArping } from '../tools/arping';
import { startBridgeLinkSet } from '../tools/bridge_link';
import { startModprobe } from '../tools/modprobe';
import { runNftCommand } from '../nft/tool';
import { startCurl } from '../tools/curl';
import { startDig, startHost } from '../tools/dig';
import { startDmesg } from '../tools/dmesg';
import { startDnsmasq } from '../tools/dnsmasq';
import { startEcho, startPrintf } from '../tools/echo';
import { startGrep } from '../tools/grep';
import { startIpLinkSetNetns, startIpNetns, startNetnsExec } from '../tools/ip_netns';
import { startHttpServer } from '../tools/http_server';
import { startNc, startNcListen } from '../tools/nc';
import { startNftMonitorTrace } from '../tools/nft_monitor';
import { startPingByName } from '../tools/ping';
import { NS, type Process, type ProcessIO } from '../tools/process';
import { startTraceroute } from '../tools/traceroute';
import { runView } from '../tools/views';
import { startPipeline } from './pipeline';
import { runShellList } from './shell';

/*
 * How each parsed command runs as a process on a device: a tool (its own program), a service
 * (kept running in `services`), a view of the device's state, or a change to it through the
 * kernel's configuration interface. One entry per command kind; command/registry.ts holds how
 * each tool parses and what it is for.
 */

type Start<C extends Command> = (stack: Stack, command: C, io: ProcessIO, services: Process[]) => Process | undefined;
type Programs = { [K in Command['kind']]?: Start<Extract<Command, { kind: K }>> };

function resolveHost(stack: Stack, h: HostRef): Ip4 | undefined {
  return h.kind === 'ip' ? h.ip : stack.files.resolveHost(h.name);
}

const PROGRAMS: Programs = {
  ping: (stack, c, io) => startPingByName(stack, c, io),
  'nc-connect': (stack, c, io) => startNc(stack, c, io),
  'nc-listen': (stack, c, io, services) => {
    const ip = c.bind ? resolveHost(stack, c.bind) : 0;
    services.push(startNcListen(stack, c, ip ?? 0, io));
    return undefined;
  },
  sleep: (stack, c, io) => {
    stack.env.schedule(Math.round(c.seconds * NS), () => io.exit(0));
    return undefined;
  },
  true: (stack, _c, io) => void stack.env.schedule(0, () => io.exit(0)),
  false: (stack, _c, io) => void stack.env.schedule(0, () => io.exit(1)),
  // The shell list (shell.ts) holds `wait` until its background jobs end; alone it has none.
  wait: (stack, _c, io) => void stack.env.schedule(0, () => io.exit(0)),
  dnsmasq: (stack, c, io, services) => void services.push(startDnsmasq(stack, c, io)),
  dig: (stack, c, io) => startDig(stack, c, io),
  host: (stack, c, io) => startHost(stack, c, io),
  curl: (stack, c, io) => startCurl(stack, c, io),
  'http-server': (stack, c, io, services) => void services.push(startHttpServer(stack, c, io)),
  traceroute: (stack, c, io) => startTraceroute(stack, c, io),
  arping: (stack, c, io) => startArping(stack, c, io),
  echo: (stack, c, io) => startEcho(stack, c, io),
  printf: (stack, c, io) => startPrintf(stack, c, io),
  grep: (stack, c, io) => startGrep(stack, c, io),
  dmesg: (stack, c, io) => startDmesg(stack, c, io),
  'ip-netns': (stack, c, io) => startIpNetns(stack, c, io),
  'ip-link-netns': (stack, c, io) => startIpLinkSetNetns(stack, c, io),
  modprobe: (stack, c, io) => startModprobe(stack, c, io),
  nft: (stack, c, io) => {
    if (c.input.kind === 'words' && /^monitor\s+trace$/.test(c.input.text.trim())) return startNftMonitorTrace(stack, io);
    if (c.input.kind === 'words' && /^monitor(\s|$)/.test(c.input.text.trim())) {
      io.stderr("hairpin: of nft's monitors only 'nft monitor trace' is simulated\n");
      stack.env.schedule(0, () => io.exit(2));
      return undefined;
    }
    const out = runNftCommand(stack, c);
    if (out.typedAt) io.locate?.(out.typedAt);
    if (out.stdout) io.stdout(out.stdout);
    if (out.stderr) io.stderr(out.stderr);
    stack.env.schedule(0, () => io.exit(out.status));
    return undefined;
  },
  'bridge-link-set': (stack, c, io) => startBridgeLinkSet(stack, c, io),
  // A subshell (`bash -c '…'`): its commands in turn, its status the last one's.
  group: (stack, c, io, services) => {
    runShellList(c.list, (simple, done) => void startPipeline(stack, simple, { ...io, exit: done }, services), (status) => io.exit(status));
    return undefined;
  },
  // coreutils timeout: SIGTERM to the command once the time has passed, then status 124.
  timeout: (stack, c, io, services) => {
    let over = false;
    const timer = stack.env.schedule(Math.round(c.seconds * NS), () => {
      over = true;
      child?.kill();
      io.exit(124);
    });
    const child = startProgram(stack, c.command, {
      ...io,
      stdout: (t) => void (!over && io.stdout(t)),
      stderr: (t) => void (!over && io.stderr(t)),
      exit: (status) => {
        if (over) return;
        stack.env.cancel(timer);
        io.exit(status);
      },
    }, services);
    return { kill: () => child?.kill() ?? io.exit(143) };
  },
  'netns-exec': (stack, c, io, services) => startNetnsExec(stack, c, io, (net) => startProgram(net, c.command, io, services)),
};

/** Starts one parsed command (not a substituted one: see pipeline.ts); returns it if it can be signalled. */
export function startProgram(stack: Stack, c: Command, io: ProcessIO, services: Process[]): Process | undefined {
  const start = PROGRAMS[c.kind] as Start<Command> | undefined;
  if (start) return start(stack, c, io, services);
  const view = runView(stack, c);
  if (view) {
    if (view.stdout) io.stdout(view.stdout);
    if (view.stderr) io.stderr(view.stderr);
    stack.env.schedule(0, () => io.exit(view.status));
    return undefined;
  }
  try {
    const out = applyConfig(stack, c as KernelConfigCommand);
    if (out.stdout) io.stdout(out.stdout);
    if (out.stderr) io.stderr(out.stderr);
    stack.env.schedule(0, () => io.exit(0));
  } catch (e) {
    if (!(e instanceof CommandFailure)) throw e;
    io.locate?.({ line: e.line, column: e.column });
    if (e.stdout) io.stdout(e.stdout);
    io.stderr(e.message.endsWith('\n') ? e.message : `${e.message}\n`);
    stack.env.schedule(0, () => io.exit(e.exitStatus));
  }
  return undefined;
}
