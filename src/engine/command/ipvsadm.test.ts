import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { routed, run } from '../sim/testing';
import { configError } from './testing';

/*
 * ipvsadm (ipvsadm.c 1.31 with libipvs): its options, the command/option table it checks, the
 * kernel's answers worded by ipvs_strerror, and the listing and save formats print_service_entry
 * prints. No IPVS module on the recording machine: the texts come from the tool's source.
 */

const DIRECTOR = [
  'ipvsadm -A -t 10.0.2.100:80 -s rr',
  'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.2:8080 -m',
  'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.3 -g -w 3',
];

const list = (config: string[], command: string) => run(routed(config), 'router', command);
const issues = (config: string[]) => runCommand(routed(config), 'router', 'true').configIssues.map((i) => `${i.line - 3}: ${i.message}`);

describe('ipvsadm -L -n: list_all prints the version, the title and each service with its real servers', () => {
  it('servers sorted by address, Masq/Route, weight, ActiveConn and InActConn padded as %-7s %-6d %-10u %-10u', () => {
    expect(list(DIRECTOR, 'ipvsadm -L -n').stdout).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
      'Prot LocalAddress:Port Scheduler Flags\n' +
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
      'TCP  10.0.2.100:80 rr\n' +
      '  -> 10.0.2.2:8080                Masq    1      0          0         \n' +
      '  -> 10.0.2.3:80                  Route   3      0          0         \n',
    );
  });

  it('-p without a value is persistent 360; the default scheduler is wlc; services sort by mark (0 first), TCP before UDP, by address', () => {
    const out = list(['ipvsadm -A -u 10.0.2.100:53', 'ipvsadm -A -t 10.0.2.100:443 -s wrr -p', 'ipvsadm -A -t 10.0.2.9:80 -p 60', 'ipvsadm -A -f 7 -s lc'], 'ipvsadm -ln').stdout;
    expect(out.split('\n').slice(3)).toEqual(['TCP  10.0.2.9:80 wlc persistent 60', 'TCP  10.0.2.100:443 wrr persistent 360', 'UDP  10.0.2.100:53 wlc', 'FWM  7 lc', '']);
  });

  it("ipvs_cmp_services/ipvs_cmp_dests subtract addresses into an int: 2^31 apart, the order wraps (203.0.113.50 before 10.96.0.10)", () => {
    const out = list(['ipvsadm -A -t 10.96.0.10:80 -s rr', 'ipvsadm -A -t 203.0.113.50:80 -s rr', 'ipvsadm -A -t 192.168.0.1:80 -s rr',
      'ipvsadm -a -t 10.96.0.10:80 -r 10.244.0.3 -m', 'ipvsadm -a -t 10.96.0.10:80 -r 192.168.0.9 -m'], 'ipvsadm -ln').stdout;
    expect(out.split('\n').slice(3).filter((l) => /^(TCP|  ->)/.test(l)).map((l) => l.trim().split(/ +/)[1])).toEqual(
      ['192.168.0.1:80', '203.0.113.50:80', '10.96.0.10:80', '192.168.0.9:80', '10.244.0.3:80']);
  });

  it('without -n ports are service names (and addresses names from /etc/hosts)', () => {
    expect(list(DIRECTOR, 'ipvsadm -L').stdout.split('\n')[3]).toBe('TCP  10.0.2.100:http rr');
    expect(list(DIRECTOR, 'ipvsadm').stdout.split('\n')[4]).toBe('  -> 10.0.2.2:http-alt            Masq    1      0          0         ');
  });

  it('--stats and --rate: the title with %8s columns and each counter as print_largenum (%9llu)', () => {
    const stats = list(DIRECTOR, 'ipvsadm -L -n --stats').stdout.split('\n');
    expect(stats[1]).toBe('Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes');
    expect(stats[2]).toBe('  -> RemoteAddress:Port');
    expect(stats[3]).toBe('TCP  10.0.2.100:80                       0        0        0        0        0');
    expect(stats[4]).toBe('  -> 10.0.2.2:8080                       0        0        0        0        0');
    expect(list(DIRECTOR, 'ipvsadm -L -n --rate').stdout.split('\n')[1]).toBe('Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS');
  });

  it('-L -t SERVICE lists that one service, without the version line; an unknown one is "No such service", exit 1', () => {
    expect(list(DIRECTOR, 'ipvsadm -L -n -t 10.0.2.100:80').stdout.split('\n')[2]).toBe('TCP  10.0.2.100:80 rr');
    const r = list(DIRECTOR, 'ipvsadm -L -n -t 10.0.2.100:81');
    expect([r.stderr, r.exit]).toEqual(['No such service\n', 1]);
  });

  it('-c: the connection table header (pro expire state source virtual destination)', () => {
    expect(list(DIRECTOR, 'ipvsadm -L -n -c').stdout).toBe('IPVS connection entries\npro expire state       source             virtual            destination\n');
  });
});

describe('ipvsadm -S and -R: save prints the rules that restore reads back', () => {
  it('-S -n: -A with -s and -p, -a with -r, the forwarding switch and -w', () => {
    const out = list([...DIRECTOR, 'ipvsadm -A -t 10.0.2.100:443 -p 600 -s wlc'], 'ipvsadm -S -n').stdout;
    expect(out).toBe(
      '-A -t 10.0.2.100:80 -s rr\n-a -t 10.0.2.100:80 -r 10.0.2.2:8080 -m -w 1\n-a -t 10.0.2.100:80 -r 10.0.2.3:80 -g -w 3\n' +
      '-A -t 10.0.2.100:443 -s wlc -p 600\n',
    );
  });

  it('-p with -M: persistent TIMEOUT mask MASK in -L, -p TIMEOUT -M MASK in -S; a mark service is FWM  N / -f N, its servers port 0', () => {
    const config = ['ipvsadm -A -t 10.0.2.100:80 -p 300 -M 255.255.255.0', 'ipvsadm -A -f 7 -s rr', 'ipvsadm -a -f 7 -r 10.0.2.2 -m'];
    expect(list(config, 'ipvsadm -L -n').stdout.split('\n').slice(3)).toEqual([
      'TCP  10.0.2.100:80 wlc persistent 300 mask 255.255.255.0', 'FWM  7 rr', '  -> 10.0.2.2:0                   Masq    1      0          0         ', '',
    ]);
    expect(list(config, 'ipvsadm -S -n').stdout).toBe('-A -t 10.0.2.100:80 -s wlc -p 300 -M 255.255.255.0\n-A -f 7 -s rr\n-a -f 7 -r 10.0.2.2:0 -m -w 1\n');
  });

  it('-R reads a here-document line by line; what -S printed restores the same table', () => {
    const restored = ['ipvsadm -R <<EOF', '-A -t 10.0.2.100:80 -s rr', '-a -t 10.0.2.100:80 -r 10.0.2.2:8080 -m -w 1', 'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.3:80 -g -w 3', '', 'EOF'];
    expect(list(restored, 'ipvsadm -S -n').stdout).toBe(list(DIRECTOR, 'ipvsadm -S -n').stdout);
  });

  it('-R: a refused line is reported and the next runs; a line ipvsadm cannot parse ends it (exit 2), placed at its line', () => {
    expect(issues(['ipvsadm -R <<EOF', '-a -t 10.0.2.100:80 -r 10.0.2.2', '-A -t 10.0.2.100:80', 'EOF'])).toEqual([]);
    expect(issues(['ipvsadm -R <<EOF', '-A -t 10.0.2.100:80', '-A -t 10.0.2.100:80 -s xx -z', 'EOF'])).toEqual(['3: -z: unknown option']);
  });
});

describe('ipvsadm changes and the kernel answers (ipvs_strerror, exit 255)', () => {
  it('Service already exists, No such service, Service not defined, Destination already exists, No such destination', () => {
    expect(issues([
      'ipvsadm -A -t 10.0.2.100:80',
      'ipvsadm -A -t 10.0.2.100:80',
      'ipvsadm -D -t 10.0.2.100:81',
      'ipvsadm -E -t 10.0.2.100:81 -s rr',
      'ipvsadm -a -t 10.0.2.100:81 -r 10.0.2.2',
      'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.2',
      'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.2',
      'ipvsadm -e -t 10.0.2.100:80 -r 10.0.2.3',
      'ipvsadm -d -t 10.0.2.100:80 -r 10.0.2.3',
      'ipvsadm -E -t 10.0.2.100:80 -s nosuch',
    ])).toEqual([
      '2: Service already exists',
      '3: No such service',
      '4: No such service',
      '5: Service not defined',
      '7: Destination already exists',
      '8: No such destination',
      '9: No such destination',
      '10: Scheduler or persistence engine not found',
    ]);
  });

  it('-e changes a weight and method, -d removes a server, -D a service, -C all of them', () => {
    const after = (extra: string[]) => list([...DIRECTOR, ...extra], 'ipvsadm -S -n').stdout;
    expect(after(['ipvsadm -e -t 10.0.2.100:80 -r 10.0.2.2:8080 -m -w 5'])).toContain('-r 10.0.2.2:8080 -m -w 5\n');
    expect(after(['ipvsadm -d -t 10.0.2.100:80 -r 10.0.2.3'])).toBe('-A -t 10.0.2.100:80 -s rr\n-a -t 10.0.2.100:80 -r 10.0.2.2:8080 -m -w 1\n');
    expect(after(['ipvsadm -D -t 10.0.2.100:80'])).toBe('');
    expect(after(['ipvsadm -C'])).toBe('');
  });
});

describe('ipvsadm parses as popt and generic_opt_check do (exit 2, popt errors 255)', () => {
  const err = (line: string) => {
    const e = configError(line);
    return [e.message, e.exitStatus];
  };
  it('the first option must be a command', () => {
    expect(err('ipvsadm -n -L')).toEqual(["Try `ipvsadm -h' or 'ipvsadm --help' for more information.", 255]);
    expect(err('ipvsadm -A -L')).toEqual(['multiple commands specified', 2]);
  });
  it("each command's needed and refused options", () => {
    expect(err('ipvsadm -A -s rr')).toEqual(["You need to supply the 'service-address' option for the 'add-service' command", 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80')).toEqual(["You need to supply the 'real-server' option for the 'add-server' command", 2]);
    expect(err('ipvsadm -A -t 10.0.0.1:80 -w 2')).toEqual(["Illegal 'weight' option with the 'add-service' command", 2]);
    expect(err('ipvsadm -L -c -t 10.0.0.1:80')).toEqual(["The option 'service-address' conflicts with the 'connection' option in the 'list' command", 2]);
    expect(err('ipvsadm -A -t 10.0.0.1:80 -t 10.0.0.2:80')).toEqual(["multiple 'service-address' options specified", 2]);
    expect(err('ipvsadm -L -c --stats')).toEqual(['options conflicts in the list command', 2]);
  });
  it('values: addresses, ports, weights, timeouts, marks', () => {
    expect(err('ipvsadm -A -t 10.0.0.1')).toEqual(['Zero port specified for non-persistent service', 2]);
    expect(err('ipvsadm -A -t nohost:80')).toEqual(['illegal virtual server address[:port] specified', 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2:99999')).toEqual(['illegal real server address[:port] specified', 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -w 70000')).toEqual(['illegal weight specified', 2]);
    expect(err('ipvsadm -A -t 10.0.0.1:80 -p 0')).toEqual(["invalid timeout value `0' specified", 2]);
    expect(err('ipvsadm -A -f 0')).toEqual(["invalid fwmark value `0' specified", 2]);
    expect(err('ipvsadm -A -t')).toEqual(['-t: missing argument', 255]);
    expect(err('ipvsadm -L -q')).toEqual(['-q: unknown option', 255]);
    expect(err('ipvsadm -L extra')).toEqual(['unexpected argument extra', 2]);
  });
  it('--set TCP TCPFIN UDP changes the timeouts (0 keeps one), -L --timeout prints them', () => {
    expect(list([], 'ipvsadm -L --timeout').stdout).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
    expect(list(['ipvsadm --set 3600 0 60'], 'ipvsadm -l --timeout').stdout).toBe('Timeout (tcp tcpfin udp): 3600 120 60\n');
    expect(err('ipvsadm --set 1 2')).toEqual(['--set option requires 3 timeout values', 2]);
    expect(err('ipvsadm --set 1 2 x')).toEqual(["invalid timeout value `x' specified", 2]);
    expect(err('ipvsadm foo')).toEqual(["Try `ipvsadm -h' or 'ipvsadm --help' for more information.", 255]);
    expect(err('ipvsadm -L --timeout -c')).toEqual(["The option 'timeout' conflicts with the 'connection' option in the 'list' command", 2]);
  });

  it('long options and attached values read as the short ones', () => {
    const r = list(['ipvsadm --add-service --tcp-service=10.0.2.100:80 --scheduler wrr --persistent', 'ipvsadm -a -t10.0.2.100:80 --real-server 10.0.2.2 --masquerading --weight=2'], 'ipvsadm --save --numeric');
    expect(r.stdout).toBe('-A -t 10.0.2.100:80 -s wrr -p 360\n-a -t 10.0.2.100:80 -r 10.0.2.2:80 -m -w 2\n');
  });
  it('a scheduler the model does not run is said so, not taken for an unknown one', () => {
    expect(issues(['ipvsadm -A -t 10.0.2.100:80 -s sed'])).toEqual(['1: hairpin: the IPVS scheduler sed is not simulated (rr, wrr, lc, wlc, sh, dh and mh are)']);
  });
});

describe('scheduler flags (-b, --sched-flags: parse_sched_flags, print_sched_flags)', () => {
  const err = (line: string) => {
    const e = configError(line);
    return [e.message, e.exitStatus];
  };
  it('sh and mh name their flags; -L shows them in parentheses after the scheduler, -S as -b, and -R reads them back', () => {
    const config = ['ipvsadm -A -t 10.0.2.100:80 -s mh -b mh-fallback,mh-port', 'ipvsadm -A -t 10.0.2.100:81 -b sh-port -s sh -p 60', 'ipvsadm -A -t 10.0.2.100:82 -s rr -b flag-3'];
    expect(list(config, 'ipvsadm -L -n').stdout.split('\n').slice(3, 6)).toEqual([
      'TCP  10.0.2.100:80 mh (mh-fallback,mh-port)', 'TCP  10.0.2.100:81 sh (sh-port) persistent 60', 'TCP  10.0.2.100:82 rr (flag-3)',
    ]);
    const saved = list(config, 'ipvsadm -S -n').stdout;
    expect(saved).toBe('-A -t 10.0.2.100:80 -s mh -b mh-fallback,mh-port\n-A -t 10.0.2.100:81 -s sh -b sh-port -p 60\n-A -t 10.0.2.100:82 -s rr -b flag-3\n');
    expect(list(['ipvsadm -R <<EOF', ...saved.trimEnd().split('\n'), 'EOF'], 'ipvsadm -S -n').stdout).toBe(saved);
  });

  it('--sort is accepted and changes nothing (the listing is always sorted)', () => {
    expect(list(DIRECTOR, 'ipvsadm -L -n --sort').stdout).toBe(list(DIRECTOR, 'ipvsadm -L -n').stdout);
  });

  it('a flag of another scheduler, or none at all, fails (exit 2); -b belongs to -A and -E only', () => {
    expect(err('ipvsadm -A -t 10.0.0.1:80 -s rr -b sh-port')).toEqual(["incompatible scheduler flag `sh-port'", 2]);
    expect(err('ipvsadm -A -t 10.0.0.1:80 -b mh-port')).toEqual(["incompatible scheduler flag `mh-port'", 2]);
    expect(err('ipvsadm -A -t 10.0.0.1:80 -s sh -b sh-port,nope')).toEqual(["invalid scheduler flag `nope'", 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -b flag-1')).toEqual(["Illegal 'sched-flags' option with the 'add-server' command", 2]);
  });
});

describe('tunnel options (--tun-type, --tun-port, --tun-[no|rem]csum: tunnel_opt_check)', () => {
  const err = (line: string) => {
    const e = configError(line);
    return [e.message, e.exitStatus];
  };
  it('only with -i; gue needs its port; ipip takes none of them; one checksum option at most', () => {
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -m --tun-type ipip')).toEqual(['Tunnel options conflict with forward method', 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue')).toEqual(["You need to supply the 'tun-port' option for the 'gue' tunnel type", 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-port 6080')).toEqual(["Illegal 'tun-port' option with the 'ipip' tunnel type", 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre --tun-csum --tun-remcsum')).toEqual(["The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gre' tunnel type", 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type vxlan')).toEqual(['illegal tunnel type specified', 2]);
    expect(err('ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue --tun-port 0')).toEqual(['illegal tunnel port specified', 2]);
    expect(err('ipvsadm -A -t 10.0.0.1:80 --tun-type ipip')).toEqual(["Illegal 'tun-type' option with the 'add-service' command", 2]);
  });

  it('-S writes each tunnel type as print_tunnel_rule does, and -R reads it back', () => {
    const config = [
      'ipvsadm -A -t 10.0.2.100:80 -s rr', 'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.2 -i',
      'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.3 -i --tun-type gue --tun-port 6080 --tun-remcsum', 'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.4 -i --tun-type gre --tun-csum -w 2',
    ];
    const saved = list(config, 'ipvsadm -S -n').stdout;
    expect(saved).toBe(
      '-A -t 10.0.2.100:80 -s rr\n-a -t 10.0.2.100:80 -r 10.0.2.2:80 -i -w 1 --tun-type ipip\n' +
      '-a -t 10.0.2.100:80 -r 10.0.2.3:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum\n-a -t 10.0.2.100:80 -r 10.0.2.4:80 -i -w 2 --tun-type gre --tun-csum\n',
    );
    expect(list(['ipvsadm -R <<EOF', ...saved.trimEnd().split('\n'), 'EOF'], 'ipvsadm -S -n').stdout).toBe(saved);
    expect(list(config, 'ipvsadm -L -n --tun-info').stdout.split('\n').slice(4, 7)).toEqual([
      '  -> 10.0.2.2:80                  Tunnel  ipip          1      0          0         ',
      '  -> 10.0.2.3:80                  Tunnel  gue:6080:r+c  1      0          0         ',
      '  -> 10.0.2.4:80                  Tunnel  gre:+c        2      0          0         ',
    ]);
    // fwd_tun_info is NULL for any other method: n/a.
    expect(list([...config, 'ipvsadm -a -t 10.0.2.100:80 -r 10.0.2.5:8080 -m'], 'ipvsadm -L -n --tun-info').stdout.split('\n')[7]).toBe('  -> 10.0.2.5:8080                Masq    n/a           1      0          0         ');
  });
});
