import { describe, expect, it } from 'vitest';
import { configCommand, flowCommand, flowError } from './testing';

/* sudo as root: tutorials prefix every line with it, and the line means what it means without it. */
describe('sudo', () => {
  it('runs its command unchanged, whatever the harmless options', () => {
    expect(configCommand('sudo ip link add br0 type bridge')).toMatchObject({ kind: 'ip-link-add', type: 'bridge', name: { text: 'br0', column: 18 } });
    expect(flowCommand('sudo -E -- ip netns exec ns1 ping -c 1 10.0.0.1')).toMatchObject({ kind: 'netns-exec', ns: { text: 'ns1' }, command: { kind: 'ping', count: 1 } });
    expect(configCommand('sudo -u root iptables -t nat -A POSTROUTING -j MASQUERADE')).toMatchObject({ kind: 'iptables' });
    expect(configCommand('sudo sysctl -w net.ipv4.ip_forward=1')).toMatchObject({ kind: 'sysctl' });
    expect(configCommand('sudo -uroot --user=#0 ip link set eth0 up')).toMatchObject({ kind: 'ip-link-set' });
  });
  it('refuses what root without a password cannot be modelled as, and prints its usage alone', () => {
    expect(flowError('sudo -u bob ping -c 1 10.0.0.1').message).toBe('hairpin: sudo -u bob is not modelled: every command runs as root');
    expect(flowError('sudo --user=bob ping -c 1 10.0.0.1').message).toBe('hairpin: sudo -u bob is not modelled: every command runs as root');
    expect(flowError('sudo -u').message).toBe("sudo: option requires an argument -- 'u'");
    expect(flowError('sudo -i').message).toMatch(/^hairpin: sudo option '-i' is not supported/);
    expect(flowError('sudo')).toMatchObject({ exitStatus: 1 });
    expect(flowError('sudo frobnicate').message).toBe("hairpin: unsupported command 'frobnicate'");
  });
});
