/*
 * tcpdump's printers for line-based text protocols (txtproto_print in util-print.c, 4.99):
 * the protocol name in capitals, then the first line of the payload when it looks like a
 * request or response. Used for HTTP, FTP, SMTP, WHOIS and RTSP on their well-known ports.
 */

interface TextProtocol {
  readonly name: string;
  /** Request words that mark a first line worth printing; undefined: always print it. */
  readonly commands?: readonly string[];
}

const HTTP_COMMANDS = [
  'GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE',
  'LABEL', 'MERGE', 'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY', 'BDELETE', 'CONNECT',
  'OPTIONS', 'CHECKIN', 'PROPFIND', 'CHECKOUT', 'CCM_POST', 'SUBSCRIBE', 'PROPPATCH', 'BPROPFIND',
  'BPROPPATCH', 'UNCHECKOUT', 'MKACTIVITY', 'MKWORKSPACE', 'UNSUBSCRIBE', 'RPC_CONNECT',
  'VERSION-CONTROL', 'BASELINE-CONTROL',
];
const RTSP_COMMANDS = [
  'DESCRIBE', 'ANNOUNCE', 'GET_PARAMETER', 'OPTIONS', 'PAUSE', 'PLAY', 'RECORD', 'REDIRECT', 'SETUP',
  'SET_PARAMETER', 'TEARDOWN',
];

/** The TCP ports tcpdump 4.99 hands to a text printer (either end of the connection). */
const TCP_TEXT_PORTS: ReadonlyMap<number, TextProtocol> = new Map([
  [21, { name: 'ftp' }],
  [25, { name: 'smtp' }],
  [43, { name: 'whois' }],
  [80, { name: 'http', commands: HTTP_COMMANDS }],
  [8080, { name: 'http', commands: HTTP_COMMANDS }],
  [554, { name: 'rtsp', commands: RTSP_COMMANDS }],
  [8554, { name: 'rtsp', commands: RTSP_COMMANDS }],
]);

/** The text protocol tcpdump would print a TCP payload as, if any; the source port is checked second. */
export function tcpTextProtocol(sport: number, dport: number): TextProtocol | undefined {
  return TCP_TEXT_PORTS.get(sport) ?? TCP_TEXT_PORTS.get(dport);
}

const MAX_TOKEN = 128;
const isPrintable = (c: number) => c >= 0x20 && c <= 0x7e;
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** fetch_token: a printable word at `from` and the index after its trailing blanks; 0 when there is none. */
function fetchToken(data: Uint8Array, from: number): { token: string; next: number } {
  let i = from;
  let token = '';
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (c >= 0x80) return { token: '', next: 0 };
    if (isBlank(c)) break;
    if (!isPrintable(c) || token.length + 2 > MAX_TOKEN + 1) return { token: '', next: 0 };
    token += String.fromCharCode(c);
  }
  if (token === '') return { token: '', next: 0 };
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x0d || c === 0x0a || !isPrintable(c) || !isBlank(c)) break;
  }
  return { token, next: i };
}

/** print_txt_line in non-verbose mode: the first line, nothing if it holds binary, "[|proto]" if it never ends. */
function firstLine(data: Uint8Array, protocol: string): string {
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x0a) return ': ' + String.fromCharCode(...data.subarray(0, i));
    if (c === 0x0d) {
      if (i + 1 < data.length && data[i + 1] === 0x0a) return ': ' + String.fromCharCode(...data.subarray(0, i));
      return '';
    }
    if (!isPrintable(c) && c !== 0x09) return '';
  }
  return `: ${String.fromCharCode(...data)} [|${protocol}]`;
}

function looksLikeRequestOrResponse(data: Uint8Array, commands: readonly string[]): boolean {
  const first = fetchToken(data, 0);
  if (first.next === 0) return false;
  if (commands.some((command) => command.toLowerCase() === first.token.toLowerCase())) return true;
  // Responses ("HTTP/1.1 200 OK") carry a three-digit status as their second word.
  const second = fetchToken(data, first.next);
  return second.next !== 0 && /^[0-9]{3}$/.test(second.token);
}

/** ": HTTP: GET / HTTP/1.1", ": HTTP" (a body segment), ": FTP: USER bob". */
export function formatTextProtocol(protocol: TextProtocol, data: Uint8Array): string {
  const show = protocol.commands === undefined || looksLikeRequestOrResponse(data, protocol.commands);
  return `: ${protocol.name.toUpperCase()}${show ? firstLine(data, protocol.name) : ''}`;
}
