import { describe, expect, it } from 'vitest';
import { lines, runOn } from './fixture';

// Real output captured in the printer lab (fixture.ts) with iproute2 6.1 / iptables 1.8.9 (nf_tables).
describe('ip rule show', () => {
  it('r: ip rule', () => {
    expect(runOn('r', 'ip rule')).toEqual({
      stdout: lines(
        '0:	from all lookup local',
        '98:	from all to 10.50.0.0/16 iif eth1 lookup 300',
        '99:	from 192.168.1.0/24 lookup isp1',
        '100:	from all fwmark 0x1 lookup isp1',
        '101:	from all fwmark 0x2/0xff lookup isp2',
        '200:	not from 10.0.0.0/8 lookup isp2',
        '201:	from 1.2.3.4 unreachable',
        '300:	from all iif lo lookup isp2',
        '32766:	from all lookup main',
        '32767:	from all lookup default',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip rule show', () => {
    expect(runOn('r', 'ip rule show')).toEqual({
      stdout: lines(
        '0:	from all lookup local',
        '98:	from all to 10.50.0.0/16 iif eth1 lookup 300',
        '99:	from 192.168.1.0/24 lookup isp1',
        '100:	from all fwmark 0x1 lookup isp1',
        '101:	from all fwmark 0x2/0xff lookup isp2',
        '200:	not from 10.0.0.0/8 lookup isp2',
        '201:	from 1.2.3.4 unreachable',
        '300:	from all iif lo lookup isp2',
        '32766:	from all lookup main',
        '32767:	from all lookup default',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('a: ip rule', () => {
    expect(runOn('a', 'ip rule')).toEqual({
      stdout: lines(
        '0:	from all lookup local',
        '32766:	from all lookup main',
        '32767:	from all lookup default',
      ),
      stderr: '',
      exit: 0,
    });
  });

});
