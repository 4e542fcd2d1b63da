import { describe, expect, it } from 'vitest';
import { configCommand, flowCommand } from '../command/testing';
import { Stack, type KernelEnv } from '../kernel/stack';
import { runView } from './views';

function stack(): Stack {
  const env: KernelEnv = { now: () => 0, schedule: () => 0, cancel: () => undefined, transmit: () => undefined, trace: () => undefined, tracing: () => false, random: () => 0.5 };
  return new Stack('h', env, [{ name: 'eth0', mac: '02:00:00:00:01:01', linked: true }]);
}

describe('runView', () => {
  it('prints the state-viewing commands', () => {
    const s = stack();
    for (const line of ['ip addr', 'ip link', 'ip route', 'ip route get 127.0.0.1', 'ip rule', 'ip neigh', 'iptables -S', 'iptables -L -n', 'conntrack -L', 'bridge fdb show', 'cat /etc/hosts', 'sysctl net.ipv4.ip_forward']) {
      expect(runView(s, flowCommand(line)), line).toBeDefined();
    }
    expect(runView(s, flowCommand('ip rule'))).toEqual({ stdout: '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n', stderr: '', status: 0 });
    expect(runView(s, flowCommand('sysctl net.ipv4.ip_forward'))).toEqual({ stdout: 'net.ipv4.ip_forward = 0\n', stderr: '', status: 0 });
  });

  it('leaves commands that change state to the config path', () => {
    const s = stack();
    for (const line of ['ip addr add 10.0.0.1/24 dev eth0', 'ip route add default via 10.0.0.254', 'iptables -A INPUT -j ACCEPT', 'iptables -P FORWARD DROP', 'sysctl -w net.ipv4.ip_forward=1', 'conntrack -F']) {
      expect(runView(s, configCommand(line)), line).toBeUndefined();
    }
  });
});
