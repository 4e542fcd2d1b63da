import type { Ip4 } from '../addr/ipv4';
import type { HttpServerCommand } from '../command/http-server';
import { STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { TcpSock } from '../kernel/tcp';
import { fromLatin1, toLatin1 } from './bytes';
import { MS, type Process, type ProcessIO } from './process';

/*
 * `python3 -m http.server` as Debian 12 ships it (Python 3.11.2, SimpleHTTPRequestHandler,
 * HTTP/1.0) serving an empty directory. Observed in network namespaces: the response comes
 * about 2 ms after the request (Python is slow), the headers in one write and the body in a
 * second one, then shutdown(SHUT_WR): the server's FIN closes every connection.
 */

const SERVER = 'SimpleHTTP/0.6 Python/3.11.2';
/** Request fully read -> headers written. */
const HANDLE_NS = 2 * MS;
/** Headers -> body write -> shutdown(SHUT_WR), as captured (GET / and a 404). */
const BODY_NS = 227_000;
const CLOSE_NS = 120_000;
/** HEAD: headers -> shutdown (observed 2.4 ms: curl's FIN is always first). */
const HEAD_CLOSE_NS = 2_000_000;
/** The virtual clock's zero on the Date header: Sat, 01 Nov 2025 12:00:00 GMT. */
const EPOCH_MS = Date.UTC(2025, 10, 1, 12, 0, 0);

const EXPLAIN: Record<number, [string, string]> = {
  400: ['Bad Request', 'Bad request syntax or unsupported method'],
  404: ['File not found', 'Nothing matches the given URI'],
  501: ['Not Implemented', 'Server does not support this operation'],
};

export function httpDate(nowNs: number): string {
  return new Date(EPOCH_MS + Math.floor(nowNs / MS)).toUTCString();
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** list_directory() of an empty directory. */
export function directoryListing(path: string): string {
  let display: string;
  try {
    display = escapeHtml(decodeURIComponent(path));
  } catch {
    display = escapeHtml(path);
  }
  const title = `Directory listing for ${display}`;
  return `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n<h1>${title}</h1>\n<hr>\n<ul>\n</ul>\n<hr>\n</body>\n</html>\n`;
}

/** send_error()'s page (DEFAULT_ERROR_MESSAGE). */
export function errorPage(code: number, message: string, explain: string): string {
  return `<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: ${code}</p>\n        <p>Message: ${escapeHtml(message)}.</p>\n        <p>Error code explanation: ${code} - ${explain}.</p>\n    </body>\n</html>\n`;
}

/** The response to one request head: [headers, body or ''] as the handler writes them. */
export function respond(head: string, nowNs: number): [string, string] {
  const [requestLine = ''] = head.split('\r\n');
  const [method = '', target = '', version] = requestLine.split(' ');
  const date = httpDate(nowNs);
  const error = (code: number, message?: string): [string, string] => {
    const [reason, explain] = EXPLAIN[code]!;
    const body = errorPage(code, message ?? reason, explain);
    const headers = `HTTP/1.0 ${code} ${message ?? reason}\r\nServer: ${SERVER}\r\nDate: ${date}\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`;
    return [headers, method === 'HEAD' || code < 200 ? '' : body];
  };
  if (!version || !/^HTTP\/\d+\.\d+$/.test(version)) return error(400, `Bad request version ('${version ?? ''}')`);
  if (method !== 'GET' && method !== 'HEAD') return error(501, `Unsupported method ('${method}')`);
  const path = target.split('#')[0]!.split('?')[0]!;
  // The directory is empty: only the directory itself exists.
  const normal = path.replace(/\/+/g, '/');
  if (normal !== '/' && normal !== '/.' && normal !== '/./') return error(404);
  const body = directoryListing(target);
  const headers = `HTTP/1.0 200 OK\r\nServer: ${SERVER}\r\nDate: ${date}\r\nContent-type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`;
  return [headers, method === 'HEAD' ? '' : body];
}

export function startHttpServer(stack: Stack, cmd: HttpServerCommand, io: ProcessIO): Process {
  const bind: Ip4 = cmd.bind ?? 0;
  const listener = stack.sockets.tcpListen(bind, cmd.port, (sock) => serve(stack, sock));
  if (typeof listener === 'number') {
    io.stderr(`OSError: [Errno ${listener}] ${STRERROR[listener] ?? 'error'}\n`);
    stack.env.schedule(0, () => io.exit(1));
  }
  return { kill: () => io.exit(143) };
}

function serve(stack: Stack, sock: TcpSock): void {
  let buffered = '';
  let answered = false;
  const finish = (delay = CLOSE_NS) => stack.env.schedule(delay, () => sock.close());
  sock.events = {
    onData: (data) => {
      if (answered) return;
      buffered += fromLatin1(data);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      answered = true;
      stack.env.schedule(HANDLE_NS, () => {
        const [headers, body] = respond(buffered.slice(0, end), stack.env.now());
        sock.write(toLatin1(headers));
        if (!body) return finish(HEAD_CLOSE_NS);
        stack.env.schedule(BODY_NS, () => {
          sock.write(toLatin1(body));
          finish();
        });
      });
    },
    // A client that closes without a request: the handler reads '' and shuts down too.
    onEof: () => {
      if (!answered) {
        answered = true;
        finish();
      }
    },
  };
}
