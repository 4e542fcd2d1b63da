import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { CurlCommand } from '../command/types';
import { Errno, STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { TcpSock } from '../kernel/tcp';
import { fromLatin1, toLatin1 } from './bytes';
import { MS, NS, once, Timers, type Process, type ProcessIO } from './process';
import { resolveRef, type Cancel } from './resolver';

/*
 * curl 7.88.1 (Debian 12) fetching http:// URLs: getaddrinfo, connect (TCP_NODELAY), the
 * request in one write, the response read until Content-Length is satisfied or the server
 * closes, then close. Exit statuses and messages as curl prints them: 6 resolve, 7 connect,
 * 22 -f on status >= 400, 28 -m / --connect-timeout.
 */

/** connect() completes -> the request is written (curl's multi loop wakes up). */
const REQUEST_NS = 300_000;
/** Last byte read (or a -f error status) -> close(), as captured. */
const CLOSE_NS = 90_000;

export function requestText(cmd: CurlCommand, hostHeader: string): string {
  return `${cmd.head ? 'HEAD' : 'GET'} ${cmd.url.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n`;
}

export interface Response {
  status: number;
  head: string;
  contentLength?: number;
}

/** The status line and headers of a response head (without the blank line). */
export function parseHead(head: string): Response | undefined {
  const lines = head.split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const cl = lines.map((l) => /^content-length:\s*(\d+)\s*$/i.exec(l)).find((x) => x);
  return { status: Number(m[1]), head, contentLength: cl ? Number(cl[1]) : undefined };
}

/** --write-out: %{variable} and backslash escapes. */
export function writeOut(format: string, vars: Record<string, string>): { out: string; err: string } {
  let err = '';
  const out = format
    .replace(/%\{([a-z_]+)\}/g, (_, name: string) => {
      if (name in vars) return vars[name]!;
      err += `curl: unknown --write-out variable: '${name}'\n`;
      return '';
    })
    .replace(/\\([nrt\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '\\': '\\' })[c]!);
  return { out, err };
}

export function startCurl(stack: Stack, cmd: CurlCommand, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  const start = stack.env.now();
  const host = cmd.url.host.kind === 'ip' ? cmd.url.host.text : cmd.url.host.name;
  const port = cmd.url.port;
  let sock: TcpSock | undefined;
  let cancelResolve: Cancel | undefined;
  let phase: 'resolving' | 'connecting' | 'transfer' = 'resolving';
  let remote: Ip4 | undefined;
  let received = '';
  let response: Response | undefined;
  let bodyStart = 0;
  let done = false;
  const io = once(ioRaw, () => {
    timers.clear();
    cancelResolve?.();
  });
  const elapsedMs = () => Math.round((stack.env.now() - start) / MS);
  const verbose = (line: string) => cmd.verbose && io.stderr(`${line}\n`);
  const vars = () => ({
    http_code: String(response?.status ?? 0).padStart(3, '0'),
    response_code: String(response?.status ?? 0).padStart(3, '0'),
    remote_ip: remote !== undefined && phase !== 'resolving' ? formatIp4(remote) : '',
    remote_port: phase !== 'resolving' ? String(port) : '',
    size_download: String(Math.max(0, received.length - bodyStart)),
    url: `${cmd.url.scheme}://${host}${port === 80 ? '' : `:${port}`}${cmd.url.path}`,
  });
  const finishWriteOut = () => {
    if (cmd.writeOut === undefined) return;
    const w = writeOut(cmd.writeOut, vars());
    if (w.err) io.stderr(w.err);
    io.stdout(w.out);
  };
  const fail = (code: number, message: string) => {
    if (done) return;
    done = true;
    sock?.close();
    if (!cmd.silent || cmd.showError) io.stderr(`curl: (${code}) ${message}\n`);
    finishWriteOut();
    io.exit(code);
  };

  if (cmd.maxTime !== undefined) {
    timers.after(cmd.maxTime * NS, () => {
      // curl's own timer check runs a moment after the deadline.
      const ms = elapsedMs() + 1;
      if (phase === 'resolving') return fail(28, `Resolving timed out after ${ms} milliseconds`);
      if (phase === 'connecting') return fail(28, `Connection timed out after ${ms} milliseconds`);
      const got = Math.max(0, received.length - bodyStart);
      const of = response?.contentLength !== undefined ? ` out of ${response.contentLength}` : '';
      fail(28, `Operation timed out after ${ms} milliseconds with ${got}${of} bytes received`);
    });
  }

  function complete(): void {
    if (done || !response) return;
    done = true;
    const s = sock;
    timers.after(CLOSE_NS, () => {
      s?.close();
      verbose('* Closing connection 0');
      if (cmd.fail && response!.status >= 400) {
        if (!cmd.silent || cmd.showError) io.stderr(`curl: (22) The requested URL returned error: ${response!.status}\n`);
        finishWriteOut();
        return io.exit(22);
      }
      const body = received.slice(bodyStart);
      const headers = cmd.head || cmd.includeHeaders ? `${response!.head}\r\n\r\n` : '';
      if (cmd.output === undefined) io.stdout(headers + (cmd.head ? '' : body));
      finishWriteOut();
      io.exit(0);
    });
  }

  function onData(data: Uint8Array): void {
    received += fromLatin1(data);
    if (!response) {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      response = parseHead(received.slice(0, end));
      bodyStart = end + 4;
      if (!response) return fail(1, 'Received HTTP/0.9 when not allowed');
      if (cmd.verbose) {
        if (/^HTTP\/1\.0/.test(response.head)) io.stderr('* HTTP 1.0, assume close after body\n');
        io.stderr(response.head.split('\r\n').map((l) => `< ${l}\r\n`).join('') + '< \r\n');
      }
    }
    // -f gives up on an error status as soon as the headers are in, without reading the body.
    if (cmd.head || (cmd.fail && response.status >= 400)) return complete();
    if (response.contentLength !== undefined && received.length - bodyStart >= response.contentLength) complete();
  }

  function connect(ip: Ip4): void {
    remote = ip;
    phase = 'connecting';
    verbose(`*   Trying ${formatIp4(ip)}:${port}...`);
    const connectFailed = (errno: number) => {
      verbose(`* connect to ${formatIp4(ip)} port ${port} failed: ${STRERROR[errno] ?? errno}`);
      fail(7, `Failed to connect to ${host} port ${port} after ${elapsedMs()} ms: Couldn't connect to server`);
    };
    const s = stack.sockets.tcpConnect(ip, port, {}, {
      onConnected: () => {
        phase = 'transfer';
        verbose(`* Connected to ${host} (${formatIp4(ip)}) port ${port} (#0)`);
        timers.after(REQUEST_NS, () => {
          const req = requestText(cmd, port === 80 ? host : `${host}:${port}`);
          if (cmd.verbose) io.stderr(req.split('\r\n').slice(0, -1).map((l) => `> ${l}\r\n`).join(''));
          s !== undefined && typeof s !== 'number' && s.write(toLatin1(req));
        });
      },
      onError: (errno) => (phase === 'connecting' ? connectFailed(errno) : fail(56, `Recv failure: ${STRERROR[errno] ?? errno}`)),
      onData,
      onEof: () => {
        if (!response) return fail(52, 'Empty reply from server');
        complete();
      },
    });
    if (typeof s === 'number') return connectFailed(s);
    s.nodelay = true;
    sock = s;
    if (cmd.connectTimeout !== undefined) {
      timers.after(cmd.connectTimeout * NS, () => {
        if (phase === 'connecting') fail(28, `Connection timed out after ${elapsedMs()} milliseconds`);
      });
    }
  }

  cancelResolve = resolveRef(stack, cmd.url.host, 'unspec', (r) => {
    cancelResolve = undefined;
    if (!r.ok) return fail(6, `Could not resolve host: ${host}`);
    connect(r.address);
  });
  return {
    kill: () => {
      sock?.close();
      io.exit(143);
    },
  };
}

void Errno;
