import { describe, expect, it } from 'vitest';
import { routed, run } from '../sim/testing';

/*
 * nc -p binds its source port before connecting (openbsd nc's remote_connect: err(1, "bind
 * failed")). The active closer keeps its end in TIME_WAIT for 60 s, and a socket without
 * SO_REUSEADDR cannot bind a port such a socket holds (inet_csk_bind_conflict). Checked in
 * namespaces: `nc -p 40000 -z …; nc -p 40000 -z …` prints this and exits 1 the second time.
 */
describe('nc -p: the source port must be free', () => {
  const scenario = routed([], ['nc -lk -p 8080 &']);
  it('a second nc -z from the port its first left in TIME_WAIT fails to bind', () => {
    expect(run(scenario, 'client', 'nc -p 40000 -z -w 1 10.0.2.2 8080').exit).toBe(0);
    const r = run(scenario, 'client', 'nc -p 40000 -z -w 1 10.0.2.2 8080; nc -p 40000 -z -w 1 10.0.2.2 8080');
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe('nc: bind failed: Address already in use\n');
  });
  it('after the peer closed first (no TIME_WAIT here) the same port binds again', () => {
    const web = routed([], ['python3 -m http.server 8080 &']);
    const get = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -p 40000 10.0.2.2 8080 | grep -c '^HTTP/1.0 200'";
    const r = run(web, 'client', `${get}; ${get}`);
    expect(r.stdout).toBe('1\n1\n');
  });
});
