import { parseIp4, type Ip4 } from '../addr/ipv4';
import { CommandError } from './args';
import { getopt } from './getopt';
import type { Word } from './types';

/*
 * `python3 -m http.server [-b ADDR] [-d DIR] [PORT] &`: the web server every Debian box has
 * (python3 3.11, http.server's SimpleHTTPRequestHandler). The simulated directory is empty,
 * so `/` is an empty listing and every other path is 404; use `-d /srv` (empty on Debian) so
 * the namespace lab serves the same thing.
 */

export interface HttpServerCommand {
  kind: 'http-server';
  port: number;
  bind?: Ip4;
  directory?: string;
}

const USAGE = 'usage: server.py [-h] [--cgi] [--bind ADDRESS] [--directory DIRECTORY] [--protocol VERSION] [port]';

/** `python3 ...` words after the program name. */
export function parsePython(words: readonly Word[], column: number): HttpServerCommand {
  const m = words[0];
  if (!m || m.text !== '-m' || words[1]?.text !== 'http.server') {
    throw new CommandError(m?.column ?? column, "hairpin: only 'python3 -m http.server' is simulated", 2);
  }
  const r = getopt(words.slice(2), {
    short: 'b:d:p:h',
    long: { bind: { arg: true, short: 'b' }, directory: { arg: true, short: 'd' }, protocol: { arg: true, short: 'p' }, cgi: { arg: false }, help: { arg: false, short: 'h' } },
  });
  if (!r.ok) throw new CommandError(r.word.column, `${USAGE}\nserver.py: error: ${r.kind === 'missing' ? `argument ${r.option}: expected one argument` : `unrecognized arguments: ${r.word.text}`}`, 2);
  const cmd: HttpServerCommand = { kind: 'http-server', port: 8000 };
  for (const o of r.options) {
    if (o.name === 'b') {
      const ip = parseIp4(o.value!.text);
      if (ip === undefined) throw new CommandError(o.value!.column, `hairpin: http.server --bind: '${o.value!.text}' is not an IPv4 address`, 2);
      cmd.bind = ip;
    } else if (o.name === 'd') cmd.directory = o.value!.text;
    else if (o.name === 'p' && o.value!.text !== 'HTTP/1.0') throw new CommandError(o.value!.column, 'hairpin: http.server --protocol other than HTTP/1.0 is not simulated', 2);
    else if (o.name === 'cgi' || o.name === 'h') throw new CommandError(o.word.column, `hairpin: http.server ${o.word.text} is not simulated`, 2);
  }
  const [port, extra] = r.operands;
  if (extra) throw new CommandError(extra.column, `${USAGE}\nserver.py: error: unrecognized arguments: ${extra.text}`, 2);
  if (port) {
    if (!/^\d+$/.test(port.text) || Number(port.text) > 65535) throw new CommandError(port.column, `${USAGE}\nserver.py: error: argument port: invalid int value: '${port.text}'`, 2);
    cmd.port = Number(port.text);
  }
  return cmd;
}
