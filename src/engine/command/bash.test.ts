import { describe, expect, it } from 'vitest';
import { run, twoHosts } from '../sim/testing';
import { configCommand, configError, flowError } from './testing';

/*
 * `bash -c 'COMMANDS'` / `sh -c …`: a shell running one string, as tutorials run a redirection
 * as root (`sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'`: sudo's shell, not the
 * caller's, opens the file). Messages as bash 5.2 and dash 0.5.12 (Debian 12) print them.
 */
describe('bash -c', () => {
  it('runs its string in a subshell: sudo bash -c with a redirection writes the file as root', () => {
    expect(configCommand("sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'")).toMatchObject({ kind: 'group', subshell: true, list: [{ first: { command: { kind: 'sysctl' } } }] });
    const s = twoHosts(["sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'", "sh -c 'ip addr add 10.9.0.1/24 dev eth0; ip link set eth0 up'"], ['ip addr add 10.9.0.2/24 dev eth0']);
    expect(run(s, 'a', 'sysctl net.ipv4.ip_forward').stdout).toBe('net.ipv4.ip_forward = 1\n');
    expect(run(s, 'a', 'ping -c 1 -W 1 10.9.0.2').exit).toBe(0);
  });

  it('inside a namespace, the string runs there (ip netns exec NS bash -c …)', () => {
    const s = twoHosts(['ip netns add ns1', "ip netns exec ns1 bash -c 'ip link set lo up && ip addr add 10.1.0.1/32 dev lo'"], []);
    expect(run(s, 'a', 'ip -n ns1 -br addr show lo').stdout).toMatch(/^lo +UNKNOWN +127\.0\.0\.1\/8 10\.1\.0\.1\/32 \n$/);
    expect(run(s, 'a', 'ip -br addr show lo').stdout).not.toContain('10.1.0.1');
  });

  it('in a flow its status is its last command’s, and what it prints is printed', () => {
    const s = twoHosts(['ip addr add 10.9.0.1/24 dev eth0'], ['ip addr add 10.9.0.2/24 dev eth0']);
    expect(run(s, 'a', "bash -c 'false; true'").exit).toBe(0);
    const r = run(s, 'a', "bash -c 'ping -c 1 -W 1 10.9.0.2 && ip -br addr show eth0; false'");
    expect(r.exit).toBe(1);
    expect(r.stdout).toMatch(/1 received[\s\S]*\neth0 +UP +10\.9\.0\.1\/24 \n$/);
    // A string that changes the box is a config line there too.
    expect(flowError("bash -c 'ip addr add 10.9.0.3/24 dev eth0'").message).toBe("hairpin: 'ip addr' changes the configuration; put it in the device's config");
  });

  it('the errors: no string (bash and dash word it differently), no -c, and a bad command inside named at its column', () => {
    expect(configError('bash -c')).toMatchObject({ message: 'bash: -c: option requires an argument', exitStatus: 2 });
    expect(configError('sudo sh -c')).toMatchObject({ message: 'sh: 0: -c requires an argument', exitStatus: 2 });
    expect(configError('sudo bash').message).toBe("hairpin: bash reading commands from its input (a terminal, a pipe) is not simulated: write them as lines, or bash -c '…'");
    expect(configError("bash -c 'frobnicate now'")).toMatchObject({ column: 10, message: "hairpin: unsupported command 'frobnicate'" });
    expect(configError("bash -c 'true' zero").message).toBe("hairpin: arguments after bash -c '…' ($0, $1, …) are not simulated");
  });
});
