import { describe, expect, it } from 'vitest';
import { lines, ROUTER_CONFIG, runOn } from './fixture';

/* Real `cat` and `sysctl` output in the printer lab's namespaces (procps-ng 4.0.2). */
describe('cat', () => {
  it('the files the lab gives each namespace', () => {
    expect(runOn('r', 'cat /etc/hosts').stdout).toBe('127.0.0.1\tlocalhost\n');
    expect(runOn('r', 'cat /etc/resolv.conf').stdout).toBe('# Hairpin lab: no nameserver until the scenario sets one\n');
    expect(runOn('r', 'cat /etc/iproute2/rt_tables').stdout).toBe(
      lines('#', '# reserved values', '#', '255\tlocal', '254\tmain', '253\tdefault', '0\tunspec', '#', '# local', '#', '#1\tinr.ruhep', '100 isp1', '200 isp2'),
    );
  });

  it('after the scenario writes them', () => {
    const config = [...ROUTER_CONFIG, "echo '10.0.0.5 web web.lan' >> /etc/hosts", "echo 'nameserver 10.0.0.254' > /etc/resolv.conf"];
    expect(runOn('r', 'cat /etc/hosts /etc/resolv.conf', config).stdout).toBe(lines('127.0.0.1\tlocalhost', '10.0.0.5 web web.lan', 'nameserver 10.0.0.254'));
    // Each box has its own /etc (the lab's /etc/netns/NAME): what r wrote is not a's.
    expect(runOn('a', 'cat /etc/hosts /etc/iproute2/rt_tables', config).stdout).toBe(
      lines('127.0.0.1\tlocalhost', '#', '# reserved values', '#', '255\tlocal', '254\tmain', '253\tdefault', '0\tunspec', '#', '# local', '#', '#1\tinr.ruhep'),
    );
  });

  it('a missing file: the others are still printed, exit 1', () => {
    expect(runOn('r', 'cat /etc/hosts /etc/nope /etc/resolv.conf')).toEqual({
      stdout: lines('127.0.0.1\tlocalhost', '# Hairpin lab: no nameserver until the scenario sets one'),
      stderr: 'cat: /etc/nope: No such file or directory\n',
      exit: 1,
    });
  });

  it('/proc/sys', () => {
    expect(runOn('r', 'cat /proc/sys/net/ipv4/ip_forward').stdout).toBe('1\n');
    expect(runOn('a', 'cat /proc/sys/net/ipv4/conf/eth0/rp_filter').stdout).toBe('0\n');
  });
});

describe('sysctl reads', () => {
  it('the kernel defaults of a new namespace', () => {
    const keys = [
      'net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.eth0.rp_filter', 'net.ipv4.conf.default.send_redirects',
      'net.ipv4.conf.lo.forwarding', 'net.ipv4.conf.all.forwarding', 'net.ipv4.conf.eth0.arp_ignore',
      'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.eth0.proxy_arp', 'net.ipv4.conf.eth0.route_localnet', 'net.ipv4.icmp_ratelimit',
      'net.ipv4.icmp_ratemask', 'net.ipv4.icmp_echo_ignore_all', 'net.ipv4.icmp_echo_ignore_broadcasts', 'net.ipv4.ip_default_ttl',
      'net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_synack_retries', 'net.ipv4.ip_nonlocal_bind',
      'net.netfilter.nf_conntrack_tcp_timeout_established', 'net.netfilter.nf_conntrack_icmp_timeout', 'net.netfilter.nf_conntrack_udp_timeout',
      'net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.default.disable_ipv6', 'net.ipv4.conf.eth0.accept_redirects', 'net.ipv4.conf.eth0.secure_redirects',
      'net.ipv4.conf.eth0.shared_media', 'net.ipv4.conf.eth0.accept_local', 'net.ipv4.conf.eth0.log_martians', 'net.ipv4.conf.all.accept_source_route',
      'net.ipv4.conf.eth0.arp_filter', 'net.ipv4.conf.eth0.arp_accept',
    ];
    expect(runOn('a', `sysctl ${keys.join(' ')}`)).toEqual({
      stdout: lines(
        'net.ipv4.ip_forward = 0',
        'net.ipv4.conf.all.rp_filter = 0',
        'net.ipv4.conf.eth0.rp_filter = 0',
        'net.ipv4.conf.default.send_redirects = 1',
        'net.ipv4.conf.lo.forwarding = 0',
        'net.ipv4.conf.all.forwarding = 0',
        'net.ipv4.conf.eth0.arp_ignore = 0',
        'net.ipv4.conf.all.arp_announce = 0',
        'net.ipv4.conf.eth0.proxy_arp = 0',
        'net.ipv4.conf.eth0.route_localnet = 0',
        'net.ipv4.icmp_ratelimit = 1000',
        'net.ipv4.icmp_ratemask = 6168',
        'net.ipv4.icmp_echo_ignore_all = 0',
        'net.ipv4.icmp_echo_ignore_broadcasts = 1',
        'net.ipv4.ip_default_ttl = 64',
        'net.ipv4.tcp_syn_retries = 6',
        'net.ipv4.tcp_synack_retries = 5',
        'net.ipv4.ip_nonlocal_bind = 0',
        'net.netfilter.nf_conntrack_tcp_timeout_established = 432000',
        'net.netfilter.nf_conntrack_icmp_timeout = 30',
        'net.netfilter.nf_conntrack_udp_timeout = 30',
        'net.ipv6.conf.all.disable_ipv6 = 1',
        'net.ipv6.conf.default.disable_ipv6 = 1',
        'net.ipv4.conf.eth0.accept_redirects = 1',
        'net.ipv4.conf.eth0.secure_redirects = 1',
        'net.ipv4.conf.eth0.shared_media = 1',
        'net.ipv4.conf.eth0.accept_local = 0',
        'net.ipv4.conf.eth0.log_martians = 0',
        'net.ipv4.conf.all.accept_source_route = 0',
        'net.ipv4.conf.eth0.arp_filter = 0',
        'net.ipv4.conf.eth0.arp_accept = 0',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('forwarding follows ip_forward on every interface', () => {
    expect(runOn('r', 'sysctl net.ipv4.ip_forward net.ipv4.conf.eth1.forwarding net.ipv4.conf.lo.forwarding net.ipv4.conf.all.forwarding').stdout).toBe(
      lines('net.ipv4.ip_forward = 1', 'net.ipv4.conf.eth1.forwarding = 1', 'net.ipv4.conf.lo.forwarding = 1', 'net.ipv4.conf.all.forwarding = 1'),
    );
  });

  it('neighbour settings exist per interface only in a namespace', () => {
    expect(
      runOn('a', 'sysctl net.ipv4.neigh.eth0.base_reachable_time_ms net.ipv4.neigh.eth0.retrans_time_ms net.ipv4.neigh.eth0.mcast_solicit net.ipv4.neigh.eth0.ucast_solicit net.ipv4.neigh.eth0.delay_first_probe_time net.ipv4.neigh.lo.ucast_solicit').stdout,
    ).toBe(
      lines(
        'net.ipv4.neigh.eth0.base_reachable_time_ms = 30000',
        'net.ipv4.neigh.eth0.retrans_time_ms = 1000',
        'net.ipv4.neigh.eth0.mcast_solicit = 3',
        'net.ipv4.neigh.eth0.ucast_solicit = 3',
        'net.ipv4.neigh.eth0.delay_first_probe_time = 5',
        'net.ipv4.neigh.lo.ucast_solicit = 3',
      ),
    );
    expect(runOn('a', 'sysctl net.ipv4.neigh.default.ucast_solicit')).toEqual({
      stdout: '',
      stderr: 'sysctl: cannot stat /proc/sys/net/ipv4/neigh/default/ucast_solicit: No such file or directory\n',
      exit: 1,
    });
  });

  it('-n, slashes, and a missing key among others', () => {
    expect(runOn('a', 'sysctl -n net.ipv4.ip_forward net.ipv4.conf.eth0.rp_filter').stdout).toBe(lines('0', '0'));
    expect(runOn('a', 'sysctl net/ipv4/ip_forward').stdout).toBe(lines('net.ipv4.ip_forward = 0'));
    expect(runOn('a', 'sysctl net.ipv4.conf.eth0.rp_filter net.ipv4.nope net.ipv4.ip_forward')).toEqual({
      stdout: lines('net.ipv4.conf.eth0.rp_filter = 0', 'net.ipv4.ip_forward = 0'),
      stderr: 'sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n',
      exit: 1,
    });
  });

  // Kernel model: sysctl.ts has accept_source_route 0 everywhere; a new namespace has 1 in
  // conf/default and on each interface (IPV4_DEVCONF_DFLT), 0 only in conf/all.
  it('accept_source_route defaults: 0 in conf/all, 1 in conf/default and on interfaces', () => {
    expect(runOn('a', 'sysctl net.ipv4.conf.eth0.accept_source_route net.ipv4.conf.all.accept_source_route net.ipv4.conf.default.accept_source_route').stdout).toBe(
      lines('net.ipv4.conf.eth0.accept_source_route = 1', 'net.ipv4.conf.all.accept_source_route = 0', 'net.ipv4.conf.default.accept_source_route = 1'),
    );
  });
});
