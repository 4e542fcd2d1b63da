import { describe, expect, it } from 'vitest';
import { isForwarding, portAddresses, portNames } from './addresses';

describe('portAddresses', () => {
  it('collects ip addr add per device, in CIDR form', () => {
    expect(
      portAddresses([
        'sysctl -w net.ipv4.ip_forward=1',
        'ip addr add 50.60.70.80/24 dev eth0',
        'ip address add 192.168.1.1/24 dev eth1',
        'ip addr add 10.0.0.1/32 dev eth1',
        'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
      ]),
    ).toEqual({ eth0: ['50.60.70.80/24'], eth1: ['192.168.1.1/24', '10.0.0.1/32'] });
  });

  it('follows del and flush, and skips lines that do not parse', () => {
    expect(
      portAddresses(['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.0.2/24 dev eth0', 'ip addr del 10.0.0.1/24 dev eth0', 'not a command', 'ip addr add 1.2.3.4/8 dev eth1', 'ip addr flush dev eth1']),
    ).toEqual({ eth0: ['10.0.0.2/24'], eth1: [] });
  });

  it('reads shell lists and defaults a missing prefix to /32', () => {
    expect(portAddresses(['ip addr add 172.31.1.100 dev eth0 && ip link set eth0 up'])).toEqual({ eth0: ['172.31.1.100/32'] });
  });

  it('shows a point-to-point address as ip addr prints it: "A peer P/N"', () => {
    expect(portAddresses(['ip addr add 203.0.113.10 peer 203.0.113.1/32 dev eth0'])).toEqual({ eth0: ['203.0.113.10 peer 203.0.113.1/32'] });
  });

  it('reads the config as a script: continued lines, variables, groups (as the simulator does)', () => {
    expect(portAddresses(['LAN=eth0', 'ip addr add 10.0.0.1/24 \\', '  dev $LAN', '{ ip addr add 10.0.1.1/24 dev eth1; } || true'])).toEqual({ eth0: ['10.0.0.1/24'], eth1: ['10.0.1.1/24'] });
  });

  it('is empty without config', () => {
    expect(portAddresses(undefined)).toEqual({});
  });

  it('keeps a renamed port\'s addresses under its scenario name: dev wan0 after ip link set eth1 name wan0 is eth1', () => {
    expect(portAddresses(['ip addr add 10.0.0.1/24 dev eth1', 'ip link set eth1 name wan0', 'ip addr add 10.0.1.1/24 dev wan0', 'ip addr add 10.0.2.1/24 dev eth1'])).toEqual({ eth1: ['10.0.0.1/24', '10.0.1.1/24'] });
  });
});

describe('portNames (dev_change_name as the canvas follows it)', () => {
  it('gives each renamed port the name Linux knows it by after the config, through several renames', () => {
    expect(portNames(['ip link set eth1 name wan0', 'ip link set dev eth0 name lan0 up', 'ip link set lan0 name lan1'])).toEqual({ eth1: 'wan0', eth0: 'lan1' });
    expect(portNames(['ip link set eth1 name tmp', 'ip link set tmp name eth1'])).toEqual({});
    expect(portNames(['ip addr add 10.0.0.1/24 dev eth0'])).toEqual({});
  });

  it('ignores renames the kernel refuses (EINVAL, EEXIST), of a name already gone, or to a NAME%d pattern', () => {
    expect(portNames(['ip link set eth1 name a:b', 'ip link set eth1 name .', 'ip link set eth1 name lan%d'])).toEqual({});
    expect(portNames(['ip link set eth1 name wan0', 'ip link set eth0 name wan0'])).toEqual({ eth1: 'wan0' });
    expect(portNames(['ip link set eth1 name wan0', 'ip link set eth1 name wan1'])).toEqual({ eth1: 'wan0' });
  });
});

describe('isForwarding', () => {
  it('sees the sysctl, the per-interface key and the /proc write', () => {
    expect(isForwarding(['sysctl -w net.ipv4.ip_forward=1'])).toBe(true);
    expect(isForwarding(['sysctl -w net.ipv4.conf.all.forwarding=1'])).toBe(true);
    expect(isForwarding(['sysctl -w net.ipv4.conf.eth0.forwarding=1'])).toBe(true);
    expect(isForwarding(['echo 1 > /proc/sys/net/ipv4/ip_forward'])).toBe(true);
  });

  it('sees ip_forward set by sysctl -p or --system from a file the config wrote', () => {
    const file = ['cat > /etc/sysctl.d/90-fwd.conf <<EOF', 'net.ipv4.ip_forward = 1', 'EOF'];
    expect(isForwarding([...file, 'sysctl -p /etc/sysctl.d/90-fwd.conf'])).toBe(true);
    expect(isForwarding([...file, 'sysctl --system'])).toBe(true);
    expect(isForwarding(file)).toBe(false);
  });

  it('is false by default and after turning it off again', () => {
    expect(isForwarding([])).toBe(false);
    expect(isForwarding(['ip addr add 10.0.0.1/24 dev eth0'])).toBe(false);
    expect(isForwarding(['sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.ip_forward=0'])).toBe(false);
    expect(isForwarding(['sysctl -w net.ipv4.conf.all.rp_filter=1'])).toBe(false);
  });
});
