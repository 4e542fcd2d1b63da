import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { run, tcpdumpIp, twoHosts } from '../sim/testing';

/*
 * Ephemeral ports come from net.ipv4.ip_local_port_range (inet_hash_connect for TCP,
 * udp_lib_get_port for UDP autobind). Values and refusals as procps sysctl shows them on
 * Linux 6.18: the two numbers print with a tab between them.
 */

describe('net.ipv4.ip_local_port_range', () => {
  it('reads as "32768<TAB>60999" and takes two numbers', () => {
    expect(run(twoHosts([], []), 'a', 'sysctl net.ipv4.ip_local_port_range').stdout).toBe('net.ipv4.ip_local_port_range = 32768\t60999\n');
    const r = runCommand(twoHosts(['sysctl -w net.ipv4.ip_local_port_range="40000 40010"'], []), 'a', 'sysctl net.ipv4.ip_local_port_range; cat /proc/sys/net/ipv4/ip_local_port_range');
    expect(r.configIssues).toEqual([]);
    expect(r.stdout).toBe('net.ipv4.ip_local_port_range = 40000\t40010\n40000\t40010\n');
  });

  it('refuses a reversed range, one below ip_unprivileged_port_start (1024), and one value above the current end', () => {
    for (const v of ['50000 40000', '500 40000', '61000', 'a b']) {
      const r = runCommand(twoHosts([`sysctl -w net.ipv4.ip_local_port_range="${v}"`], []), 'a', 'sysctl net.ipv4.ip_local_port_range');
      expect([v, r.configIssues.map((i) => i.message)]).toEqual([v, ['sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument']]);
      expect(r.stdout).toBe('net.ipv4.ip_local_port_range = 32768\t60999\n');
    }
  });

  it('connect() and UDP autobind take their source port from the range', () => {
    const config = ['ip addr add 10.0.0.1/24 dev eth0', 'sysctl -w net.ipv4.ip_local_port_range="40000 40000"'];
    const tcp = run(twoHosts(config, ['ip addr add 10.0.0.2/24 dev eth0']), 'a', 'nc -w 1 10.0.0.2 80');
    expect(tcpdumpIp(tcp, 'a:eth0').find((l) => l.includes('Flags [S]'))).toMatch(/^IP 10\.0\.0\.1\.40000 > 10\.0\.0\.2\.80: /);
    const udp = run(twoHosts(config, ['ip addr add 10.0.0.2/24 dev eth0']), 'a', 'echo x | nc -u -w 1 10.0.0.2 53');
    expect(tcpdumpIp(udp, 'a:eth0').find((l) => l.includes('10.0.0.2.53'))).toMatch(/^IP 10\.0\.0\.1\.40000 > 10\.0\.0\.2\.53: /);
  });
});
