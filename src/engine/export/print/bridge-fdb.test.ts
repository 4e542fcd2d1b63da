import { describe, expect, it } from 'vitest';
import { afterRun, lines, viewOn } from './fixture';

/* Real `bridge fdb show` on the printer lab's switch after `ping -c 1 -W 1 10.1.0.1` on host d. */
describe('bridge fdb show', () => {
  const net = afterRun('d', 'ping -c 1 -W 1 10.1.0.1');

  it('learned entries first (newest first, a trailing space), then the port address, then the self entries', () => {
    expect(viewOn(net, 'sw', 'bridge fdb show')).toEqual({
      stdout: lines(
        '02:00:00:00:05:01 dev p1 master br0 ',
        '02:00:00:00:04:01 dev p1 master br0 permanent',
        '33:33:00:00:00:01 dev p1 self permanent',
        '01:00:5e:00:00:01 dev p1 self permanent',
        '02:00:00:00:06:01 dev p2 master br0 ',
        '02:00:00:00:04:02 dev p2 master br0 permanent',
        '33:33:00:00:00:01 dev p2 self permanent',
        '01:00:5e:00:00:01 dev p2 self permanent',
        '02:00:00:00:04:03 dev p3 master br0 permanent',
        '33:33:00:00:00:01 dev p3 self permanent',
        '01:00:5e:00:00:01 dev p3 self permanent',
        '33:33:00:00:00:01 dev br0 self permanent',
        '01:00:5e:00:00:01 dev br0 self permanent',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('one port', () => {
    expect(viewOn(net, 'sw', 'bridge fdb show dev p2').stdout).toBe(
      lines('02:00:00:00:06:01 master br0 ', '02:00:00:00:04:02 master br0 permanent', '33:33:00:00:00:01 self permanent', '01:00:5e:00:00:01 self permanent'),
    );
  });

  it('a host: only its interfaces\' own multicast entries', () => {
    expect(viewOn(net, 'r', 'bridge fdb show').stdout).toBe(
      lines(
        '33:33:00:00:00:01 dev eth0 self permanent',
        '01:00:5e:00:00:01 dev eth0 self permanent',
        '33:33:00:00:00:01 dev eth1 self permanent',
        '01:00:5e:00:00:01 dev eth1 self permanent',
        '33:33:00:00:00:01 dev eth2 self permanent',
        '01:00:5e:00:00:01 dev eth2 self permanent',
      ),
    );
    expect(viewOn(net, 'r', 'bridge fdb show dev eth0').stdout).toBe(lines('33:33:00:00:00:01 self permanent', '01:00:5e:00:00:01 self permanent'));
  });

  it('unknown devices', () => {
    expect(viewOn(net, 'sw', 'bridge fdb show dev p9')).toEqual({ stdout: '', stderr: 'Cannot find device "p9"\n', exit: 255 });
    expect(viewOn(net, 'sw', 'bridge fdb show br br7')).toEqual({ stdout: '', stderr: 'Cannot find bridge device "br7"\n', exit: 255 });
  });
});
