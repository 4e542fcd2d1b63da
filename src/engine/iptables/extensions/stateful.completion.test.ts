import { describe, expect, it } from 'vitest';
import { completeConfig } from '../../../ui/inspector/completion';

/* The editor offers what the registries hold: the stateful matches, SET, ipset and nfacct. */

const labels = (line: string) => completeConfig(line, line.length, { devices: [], ports: ['eth0'] })?.options.map((o) => o.label) ?? [];

describe('editor completion of the stateful extensions and their tools', () => {
  it('offers each match after -m, its options once loaded, and SET after -j', () => {
    expect(labels('iptables -A INPUT -m ')).toEqual(expect.arrayContaining(['limit', 'recent', 'set', 'hashlimit', 'connlimit', 'nfacct']));
    expect(labels('iptables -A INPUT -m limit -')).toEqual(expect.arrayContaining(['--limit', '--limit-burst']));
    expect(labels('iptables -A INPUT -m recent -')).toEqual(expect.arrayContaining(['--set', '--update', '--rcheck', '--seconds', '--hitcount', '--name']));
    expect(labels('iptables -A INPUT -m limit --limit ')).toEqual(['1/sec', '10/minute', '3/hour', '1/day']);
    expect(labels('iptables -A INPUT -j ')).toContain('SET');
  });

  it('offers ipset and nfacct as command words', () => {
    expect(labels('ips')).toContain('ipset');
    expect(labels('nfa')).toContain('nfacct');
  });
});
