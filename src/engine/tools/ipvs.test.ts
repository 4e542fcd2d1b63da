import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceModelled, deviceViews, runScenario } from '../api';

/*
 * What the playground is told about IPVS, modelled from the kernel's source (this machine's
 * kernel has no ip_vs module): which namespaces hold virtual services after boot (the canvas's
 * "modelled, not recorded" mark, the inspector's IPVS views), and what `ipvsadm -L -n` and
 * `ipvsadm -L -n -c` print at a step of a run (ip_vs_ctl.c's service table, ip_vs_conn.c's entries).
 */

const director = readFileSync(new URL('../../../e2e/fixtures/ipvs-director.json', import.meta.url), 'utf8');
const docOf = (config: string[]) => JSON.stringify({ hairpin: 1, title: 't', devices: { box: { kind: 'host', ports: { eth0: null }, config } }, links: [], flows: [] });

describe('deviceModelled: namespaces whose state uses a module the test kernel lacks', () => {
  it('names the namespace that holds an IPVS virtual service (ipvsadm -A), by its trace label', () => {
    expect(deviceModelled(director)).toEqual({ director: ['IPVS'] });
    expect(deviceModelled(docOf(['ip netns add ns1', 'ip netns exec ns1 ipvsadm -A -t 10.0.0.1:80']))).toEqual({ 'box/ns1': ['IPVS'] });
  });

  it('a device whose services were cleared (ipvsadm -C, ip_vs_flush) or never made holds none', () => {
    expect(deviceModelled(docOf(['ipvsadm -A -t 10.0.0.1:80', 'ipvsadm -C']))).toEqual({});
    expect(deviceModelled(docOf(['ip addr add 10.0.0.1/24 dev eth0']))).toEqual({});
  });

  it('a document that does not parse gets its error, not a crash', () => {
    expect(deviceModelled('{')).toHaveProperty('error');
  });
});

describe("a run's modelled features: what the playground's badge shows, decided as hairpin check decides it", () => {
  it('a flow through the director is modelled (IPVS); one that never reaches it is not', () => {
    const flows = (JSON.parse(director) as { flows: { run: string }[] }).flows;
    const runs = flows.map((_, flow) => runScenario({ doc: director, flow }));
    const modelled = runs.map((r) => (r.ok ? r.modelled : undefined));
    expect(modelled[0]).toEqual(['IPVS']);
    expect(modelled).toContainEqual([]);
  });
  it('a typed command on the director itself is modelled even when it sends nothing (ipvsadm -L -n)', () => {
    const r = runScenario({ doc: director, on: 'director', command: 'ipvsadm -L -n' });
    expect(r.ok && r.modelled).toEqual(['IPVS']);
  });
});

describe('deviceViews: ipvsadm -L -n and -c at a step of the run', () => {
  const run = runScenario({ doc: director, flow: 0 });
  if (!run.ok) throw new Error('the fixture does not load');
  const at = (step: number) => deviceViews({ doc: director, flow: 0 }, 'director', step) as Record<string, string>;
  const scheduled = run.events.findIndex((e) => e.reason.code === 'ipvs_schedule');

  it('while the SYN is on its way: the service (wrr) with both real servers, nothing active, no connection entry', () => {
    // A step is replayed to the end of its instant's work: the last step before the SYN's arrival is the client sending it.
    const sent = run.events.findLastIndex((e, i) => i < scheduled && e.t < run.events[scheduled]!.t);
    expect(run.events[sent]).toMatchObject({ device: 'client', kind: 'frame-sent' });
    const v = at(sent);
    expect(v['ipvsadm -L -n']).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
        'TCP  10.0.1.100:80 wrr\n' +
        '  -> 10.0.2.2:80                  Masq    1      0          0         \n' +
        '  -> 10.0.3.2:80                  Masq    2      0          0         \n',
    );
    expect(v['ipvsadm -L -n -c']).toBe('IPVS connection entries\npro expire state       source             virtual            destination\n');
  });

  it('at the scheduling step: wrr chose the heavier real server, its entry just made (ip_vs_conn_new: state NONE, 3 s, counted inactive by ip_vs_bind_dest)', () => {
    const v = at(scheduled);
    expect(v['ipvsadm -L -n']).toContain('  -> 10.0.3.2:80                  Masq    2      0          1         \n');
    expect(v['ipvsadm -L -n -c']).toMatch(/\nTCP 00:03  NONE        10\.0\.1\.2:\d+\s+10\.0\.1\.100:80\s+10\.0\.3\.2:80\n$/);
  });

  it('at the next step (ip_vs_in set the state from the SYN): one active connection, its entry in SYN_RECV for a minute', () => {
    expect(run.events[scheduled + 1]?.reason.code).toBe('ipvs_nat');
    const v = at(scheduled + 1);
    expect(v['ipvsadm -L -n']).toContain('  -> 10.0.3.2:80                  Masq    2      1          0         \n');
    expect(v['ipvsadm -L -n -c']).toMatch(/\nTCP 01:00  SYN_RECV    10\.0\.1\.2:\d+\s+10\.0\.1\.100:80\s+10\.0\.3\.2:80\n$/);
  });

  it('after the connection closed: inactive, its entry in TIME_WAIT for two minutes (tcp_timeouts)', () => {
    const v = at(run.events.length - 1);
    expect(v['ipvsadm -L -n']).toContain('  -> 10.0.3.2:80                  Masq    2      0          1         \n');
    expect(v['ipvsadm -L -n -c']).toMatch(/\nTCP 01:5\d  TIME_WAIT   10\.0\.1\.2:\d+\s+10\.0\.1\.100:80\s+10\.0\.3\.2:80\n$/);
  });

  it('a device without IPVS prints the empty table, as ipvsadm does on a kernel with the module loaded', () => {
    const v = deviceViews({ doc: director, flow: 0 }, 'client', scheduled) as Record<string, string>;
    expect(v['ipvsadm -L -n']).toBe('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n');
  });
});
