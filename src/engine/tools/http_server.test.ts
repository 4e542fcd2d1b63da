import { describe, expect, it } from 'vitest';
import { parseFlowLine, parseConfigLine } from '../command/parse';
import { directoryListing, errorPage, respond } from './http_server';
import { requestText, writeOut } from './curl';

/* python3 -m http.server (3.11.2) and curl 7.88.1 byte for byte, as captured on Debian 12. */

describe('python3 -m http.server', () => {
  it('parses as a background service with port, --bind and --directory', () => {
    const p = parseConfigLine('python3 -m http.server -d /srv 80 &', 1);
    expect(p.ok && p.list[0]!.first.command).toEqual({ kind: 'http-server', port: 80, directory: '/srv' });
    expect(parseConfigLine('python3 -m http.server 80', 1).ok).toBe(false);
  });

  it('serves an empty directory listing of 187 bytes and a 404 page of 335 bytes', () => {
    expect(directoryListing('/').length).toBe(187);
    expect(errorPage(404, 'File not found', 'Nothing matches the given URI').length).toBe(335);
  });

  it('answers HTTP/1.0 with Server, Date, Content-type and Content-Length (404s add Connection: close)', () => {
    const [h] = respond('GET / HTTP/1.1\r\nHost: web', 0);
    expect(h).toBe('HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nDate: Sat, 01 Nov 2025 12:00:00 GMT\r\nContent-type: text/html; charset=utf-8\r\nContent-Length: 187\r\n\r\n');
    const [h404, b404] = respond('GET /missing HTTP/1.1', 0);
    expect(h404).toMatch(/^HTTP\/1\.0 404 File not found\r\n.*Connection: close\r\nContent-Type: text\/html;charset=utf-8\r\nContent-Length: 335\r\n\r\n$/s);
    expect(b404.length).toBe(335);
    expect(respond('HEAD / HTTP/1.1', 0)[1]).toBe('');
  });
});

describe('curl', () => {
  it('sends the request curl 7.88.1 sends', () => {
    const p = parseFlowLine('curl http://web/');
    if (!p.ok || p.list[0]!.first.command.kind !== 'curl') throw new Error('parse');
    expect(requestText(p.list[0]!.first.command, 'web')).toBe('GET / HTTP/1.1\r\nHost: web\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n');
  });
  it('expands --write-out variables', () => {
    expect(writeOut('%{http_code}\\n', { http_code: '200' }).out).toBe('200\n');
  });
});
