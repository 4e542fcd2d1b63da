import { describe, expect, it } from 'vitest';
import { lines, runOn, unveth } from './fixture';

// Real output captured in the printer lab (see fixture.ts). The lab's ports are veths, which
// iproute2 shows as `eth0@if2 ... link-netns hpv-a`; unveth() strips that, the rest must match.
describe('ip addr / ip link', () => {
  it('r: ip addr', () => {
    expect(runOn('r', 'ip addr')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet 185.12.64.1/32 scope global lo',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns hpv-a',
        '    inet 192.168.1.2/24 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet 192.168.1.9/24 scope global secondary eth0',
        '       valid_lft forever preferred_lft forever',
        '3: eth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns hpv-b',
        '    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1',
        '       valid_lft forever preferred_lft forever',
        '4: eth2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000',
        '    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns hpv-void',
        '    inet 10.0.5.1/24 scope global eth2',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip address show', () => {
    expect(runOn('r', 'ip address show')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet 185.12.64.1/32 scope global lo',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns hpv-a',
        '    inet 192.168.1.2/24 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet 192.168.1.9/24 scope global secondary eth0',
        '       valid_lft forever preferred_lft forever',
        '3: eth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns hpv-b',
        '    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1',
        '       valid_lft forever preferred_lft forever',
        '4: eth2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000',
        '    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns hpv-void',
        '    inet 10.0.5.1/24 scope global eth2',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip link', () => {
    expect(runOn('r', 'ip link')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns hpv-a',
        '3: eth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns hpv-b',
        '4: eth2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns hpv-void',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('sw: ip addr', () => {
    expect(runOn('sw', 'ip addr')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '2: p1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000',
        '    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns hpv-c',
        '3: p2@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000',
        '    link/ether 02:00:00:00:04:02 brd ff:ff:ff:ff:ff:ff link-netns hpv-d',
        '4: p3@if3: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN group default qlen 1000',
        '    link/ether 02:00:00:00:04:03 brd ff:ff:ff:ff:ff:ff link-netns hpv-void',
        '5: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('sw: ip link', () => {
    expect(runOn('sw', 'ip link')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '2: p1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns hpv-c',
        '3: p2@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:04:02 brd ff:ff:ff:ff:ff:ff link-netns hpv-d',
        '4: p3@if3: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:04:03 brd ff:ff:ff:ff:ff:ff link-netns hpv-void',
        '5: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip -4 addr', () => {
    expect(runOn('r', 'ip -4 addr')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet 185.12.64.1/32 scope global lo',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netns hpv-a',
        '    inet 192.168.1.2/24 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet 192.168.1.9/24 scope global secondary eth0',
        '       valid_lft forever preferred_lft forever',
        '3: eth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netns hpv-b',
        '    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1',
        '       valid_lft forever preferred_lft forever',
        '4: eth2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000 link-netns hpv-void',
        '    inet 10.0.5.1/24 scope global eth2',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip -o addr', () => {
    expect(runOn('r', 'ip -o addr')).toEqual({
      stdout: unveth(lines(
        '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
        '1: lo    inet 185.12.64.1/32 scope global lo\\       valid_lft forever preferred_lft forever',
        '2: eth0    inet 192.168.1.2/24 scope global eth0\\       valid_lft forever preferred_lft forever',
        '2: eth0    inet 192.168.1.9/24 scope global secondary eth0\\       valid_lft forever preferred_lft forever',
        '3: eth1    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1\\       valid_lft forever preferred_lft forever',
        '4: eth2    inet 10.0.5.1/24 scope global eth2\\       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip -br addr', () => {
    expect(runOn('r', 'ip -br addr')).toEqual({
      stdout: unveth(lines(
        'lo               UNKNOWN        127.0.0.1/8 185.12.64.1/32 ',
        'eth0@if2         UP             192.168.1.2/24 192.168.1.9/24 ',
        'eth1@if2         UP             10.0.0.1/24 ',
        'eth2@if2         LOWERLAYERDOWN 10.0.5.1/24 ',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip addr show dev eth1', () => {
    expect(runOn('r', 'ip addr show dev eth1')).toEqual({
      stdout: unveth(lines(
        '3: eth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns hpv-b',
        '    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip addr show lo', () => {
    expect(runOn('r', 'ip addr show lo')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet 185.12.64.1/32 scope global lo',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip link show eth2', () => {
    expect(runOn('r', 'ip link show eth2')).toEqual({
      stdout: unveth(lines(
        '4: eth2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
        '    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns hpv-void',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip addr show eth7', () => {
    expect(runOn('r', 'ip addr show eth7')).toEqual({
      stdout: '',
      stderr: lines(
        'Device "eth7" does not exist.',
      ),
      exit: 1,
    });
  });

  it('r: ip addr show secondary', () => {
    expect(runOn('r', 'ip addr show secondary')).toEqual({
      stdout: unveth(lines(
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns hpv-a',
        '    inet 192.168.1.9/24 scope global secondary eth0',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip addr show scope host', () => {
    expect(runOn('r', 'ip addr show scope host')).toEqual({
      stdout: unveth(lines(
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip addr show to 10.0.0.0/8', () => {
    expect(runOn('r', 'ip addr show to 10.0.0.0/8')).toEqual({
      stdout: unveth(lines(
        '3: eth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netns hpv-b',
        '    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1',
        '       valid_lft forever preferred_lft forever',
        '4: eth2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000 link-netns hpv-void',
        '    inet 10.0.5.1/24 scope global eth2',
        '       valid_lft forever preferred_lft forever',
      )),
      stderr: '',
      exit: 0,
    });
  });

});
