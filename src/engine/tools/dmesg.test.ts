import { describe, expect, it } from 'vitest';
import { flowError } from '../command/testing';
import { viewOn } from '../export/print/fixture';
import { routed, run } from '../sim/testing';

/* util-linux dmesg over the kernel log (SYSLOG_ACTION_READ_ALL, then SYSLOG_ACTION_CLEAR for -c/-C). */

const LOGGING = ['iptables -A INPUT -p icmp -j LOG --log-prefix "in "', 'iptables -A OUTPUT -p icmp -j LOG --log-level info --log-prefix "out "'];
const PING = 'ping -c 1 -W 1 10.0.2.1';
const lines = (r: ReturnType<typeof run>, command: string) => viewOn(r.network, 'router', command).stdout.split('\n').filter(Boolean);

describe('dmesg', () => {
  it('prints each record as "[%5lu.%06lu] text", the time since boot, in the order they were written', () => {
    const r = run(routed(LOGGING), 'client', `${PING}; sleep 2; ${PING}`);
    expect(r.exit).toBe(0);
    const out = lines(r, 'dmesg');
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^\[ {4}0\.\d{6}\] in IN=eth0 OUT= MAC=/);
    expect(out[1]).toMatch(/^\[ {4}0\.\d{6}\] out IN= OUT=eth0 SRC=10\.0\.2\.1 /);
    expect(out[2]).toMatch(/^\[ {4}[23]\.\d{6}\] in /);
  });

  it('-t drops the time, -T shows the date, -r the level as <N>, -x the facility and level as words, -l keeps the levels named', () => {
    const r = run(routed(LOGGING), 'client', PING);
    expect(lines(r, 'dmesg -t')[1]).toMatch(/^out IN= OUT=eth0 /);
    expect(lines(r, 'dmesg -r').map((l) => l.slice(0, 4))).toEqual(['<4>[', '<6>[']);
    expect(lines(r, 'dmesg -x').map((l) => l.slice(0, 16))).toEqual(['kern  :warn  : [', 'kern  :info  : [']);
    expect(lines(r, 'dmesg -l info -t')).toEqual([expect.stringMatching(/^out /)]);
    expect(lines(r, 'dmesg --level=warn,err -t')).toEqual([expect.stringMatching(/^in /)]);
    // -T: the date of each record (ctime's format), the virtual clock starting at 2026-01-01 00:00:00 UTC.
    expect(lines(r, 'dmesg -T')[0]).toMatch(/^\[Thu Jan  1 00:00:00 2026\] in IN=eth0 /);
  });

  it('-c prints the log and empties it, -C only empties it', () => {
    const r = run(routed(LOGGING), 'router', 'ping -c 1 -W 1 10.0.1.2; dmesg -t -c; echo --; dmesg');
    expect(r.stdout).toMatch(/ ms\nout IN= OUT=eth0 [^\n]*\nin IN=eth0 [^\n]*\n--\n$/);
    const cleared = run(routed(LOGGING), 'router', 'ping -c 1 -W 1 10.0.1.2 >/dev/null; dmesg -C; dmesg');
    expect(cleared.stdout).toBe('');
    expect(cleared.exit).toBe(0);
  });

  it('says what util-linux says about bad options, with exit status 1', () => {
    expect(flowError('dmesg -z').message).toBe("dmesg: invalid option -- 'z'\nTry 'dmesg --help' for more information.");
    expect(flowError('dmesg --foo').message).toBe("dmesg: unrecognized option '--foo'\nTry 'dmesg --help' for more information.");
    expect(flowError('dmesg extra').message).toBe("dmesg: bad usage\nTry 'dmesg --help' for more information.");
    expect(flowError('dmesg -l bogus').message).toBe("dmesg: unknown level 'bogus'");
    expect(flowError('dmesg -H').message).toBe('hairpin: dmesg -H is not simulated');
  });
});
