import { describe, expect, it } from 'vitest';
import { run, scenarioOf } from '../sim/testing';

describe('sysctl (net/ipv4/devinet.c)', () => {
  const box = (config: string[]) => scenarioOf({ r: { kind: 'router', ports: ['eth0'], config } }, []);
  const show = 'sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.default.accept_redirects net.ipv4.conf.eth0.forwarding';

  it('inet_forward_change: turning ip_forward on turns conf/all/accept_redirects off, and back (as a 6.x kernel did)', () => {
    expect(run(box(['sysctl -w net.ipv4.ip_forward=1']), 'r', show).stdout).toBe(
      'net.ipv4.conf.all.accept_redirects = 0\nnet.ipv4.conf.default.accept_redirects = 1\nnet.ipv4.conf.eth0.forwarding = 1\n',
    );
    expect(run(box(['sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.ip_forward=0']), 'r', show).stdout).toBe(
      'net.ipv4.conf.all.accept_redirects = 1\nnet.ipv4.conf.default.accept_redirects = 1\nnet.ipv4.conf.eth0.forwarding = 0\n',
    );
  });

  it('conf/all/forwarding does the same; a device\'s own forwarding does not', () => {
    expect(run(box(['sysctl -w net.ipv4.conf.all.forwarding=1']), 'r', 'sysctl net.ipv4.conf.all.accept_redirects').stdout).toBe('net.ipv4.conf.all.accept_redirects = 0\n');
    expect(run(box(['sysctl -w net.ipv4.conf.eth0.forwarding=1']), 'r', 'sysctl net.ipv4.conf.all.accept_redirects').stdout).toBe('net.ipv4.conf.all.accept_redirects = 1\n');
  });
});
