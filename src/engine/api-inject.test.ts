import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { parseIp4 } from './addr/ipv4';
import { injectViews, runInjection, type InjectRequest } from './api';
import { TCP_RST, TCP_SYN } from './wire/types';

/* "Send a packet here" through the worker's entry: an injected packet answered as a run. */

const vps = BUILTIN_SCENARIOS['vps-slash32']!;
const syn = { device: 'vps', inPort: 'eth0', proto: 'tcp' as const, src: parseIp4('203.0.113.5')!, sport: 55234, dst: parseIp4('91.99.148.215')!, dport: 22, flags: TCP_SYN };

describe('runInjection', () => {
  it('a SYN to a port nothing listens on (tcp_v4_send_reset): the RST leaves by eth0, the verdict says so, exit 1 as hairpin trace', () => {
    const r = runInjection({ doc: vps, spec: syn });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.command).toBe('packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22');
    expect(r.exit).toBe(1);
    expect(r.injected.verdict.text).toContain('nothing listens on TCP port 22: the kernel answers RST; the RST leaves by eth0');
    const rst = r.events.find((e) => e.kind === 'frame-sent' && e.device === 'vps' && e.frame?.payload.kind === 'ipv4' && e.frame.payload.payload.kind === 'tcp' && (e.frame.payload.payload.flags & TCP_RST) !== 0);
    expect(rst).toBeDefined();
    expect(r.ports.find((p) => p.id === 'vps:eth0')!.frames.length).toBeGreaterThan(1);
  });

  it('bad input is an error naming the field, never a throw', () => {
    expect(runInjection({ doc: vps, spec: { ...syn, device: 'nope' } })).toMatchObject({ ok: false, errors: [{ path: 'device', message: 'no device "nope"' }] });
    expect(runInjection({ doc: vps, spec: { ...syn, inPort: 'eth9' } })).toMatchObject({ ok: false, errors: [{ path: 'inPort', message: 'device vps has no port "eth9" (ports: eth0)' }] });
    expect(runInjection({ doc: vps, spec: { ...syn, mark: 1 } })).toMatchObject({ ok: false, errors: [{ path: 'mark' }] });
    expect(runInjection({ doc: '{', spec: syn }).ok).toBe(false);
  });
});

/** A router DNATs wan:8080 to a web server behind it on lan; nothing is built beyond wan. */
const dnat = JSON.stringify({
  hairpin: 1,
  title: 'DNAT',
  devices: {
    gw: {
      kind: 'router',
      ports: { wan: null, lan: null },
      config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 50.60.70.80/24 dev wan', 'ip addr add 10.0.0.1/24 dev lan', 'ip route add default via 50.60.70.1', 'iptables -t nat -A PREROUTING -i wan -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80'],
    },
    web: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0', 'ip route add default via 10.0.0.1', 'nc -lk 80 &'] },
  },
  links: [['gw:lan', 'web:eth0']],
  flows: [],
});
const toWeb: InjectRequest = { doc: dnat, spec: { device: 'gw', inPort: 'wan', proto: 'tcp', src: parseIp4('203.0.113.5')!, sport: 55234, dst: parseIp4('50.60.70.80')!, dport: 8080 } };

describe('injectViews: the device views at a step of an injected packet\'s run', () => {
  const run = runInjection(toWeb);
  if (!run.ok) throw new Error(JSON.stringify(run.errors));
  /** The index of the first event on `device` with this reason. */
  const stepOf = (device: string, code: string) => {
    const i = run.events.findIndex((e) => e.device === device && e.reason.code === code);
    if (i < 0) throw new Error(`no ${code} on ${device}`);
    return i;
  };
  const view = (device: string, step: number, name: 'conntrack -L' | 'iptables nat' | 'ip neigh') => {
    const v = injectViews(toWeb, device, step);
    if ('error' in v) throw new Error(v.error);
    return v[name];
  };
  const entry = 'tcp      6 120 SYN_SENT src=203.0.113.5 dst=50.60.70.80 sport=55234 dport=8080 [UNREPLIED] src=10.0.0.2 dst=203.0.113.5 sport=80 dport=55234';

  it('conntrack -L lists the connection from its confirmation on (__nf_conntrack_confirm puts it in the hash table), with the reply tuple DNAT rewrote', () => {
    expect(stepOf('gw', 'frame_received')).toBe(0);
    expect(view('gw', 0, 'conntrack -L')).not.toContain('src=203.0.113.5');
    // nf_conntrack_in made it, unconfirmed: not in the table conntrack -L dumps.
    expect(view('gw', stepOf('gw', 'ct_new'), 'conntrack -L')).not.toContain('src=203.0.113.5');
    expect(view('gw', stepOf('gw', 'ct_confirmed'), 'conntrack -L')).toContain(entry);
    expect(view('gw', stepOf('gw', 'ct_confirmed') - 1, 'conntrack -L')).not.toContain('src=203.0.113.5');
  });

  it('conntrack -L shows the reply seen once the SYN-ACK from behind the DNAT passes back (tcp_conntrack: SYN_SENT → SYN_RECV, [UNREPLIED] gone)', () => {
    const reply = stepOf('gw', 'ct_known');
    expect(view('gw', reply - 1, 'conntrack -L')).toContain('[UNREPLIED]');
    const after = view('gw', reply, 'conntrack -L');
    expect(after).toContain('SYN_RECV src=203.0.113.5 dst=50.60.70.80 sport=55234 dport=8080 src=10.0.0.2 dst=203.0.113.5 sport=80 dport=55234');
    expect(after).not.toContain('[UNREPLIED]');
  });

  it("counts the packet in the DNAT rule's counters once it passed nat PREROUTING, not before (only a connection's first packet traverses the nat table)", () => {
    const dnatRule = (text: string) => text.split('\n').find((l) => l.includes('DNAT'))!;
    expect(dnatRule(view('gw', 0, 'iptables nat'))).toMatch(/^\s+0\s+0 DNAT/);
    expect(dnatRule(view('gw', stepOf('gw', 'nat'), 'iptables nat'))).toMatch(/^\s+1\s+60 DNAT/);
    // The SYN-ACK is of a known connection: nat is not traversed again, the counter stays at 1.
    expect(dnatRule(view('gw', run.events.length - 1, 'iptables nat'))).toMatch(/^\s+1\s+60 DNAT/);
  });

  it('shows every device of the run at that step: the web server learns the router\'s MAC from its ARP request (arp_process)', () => {
    const learnt = stepOf('web', 'neigh_state');
    expect(view('web', learnt - 1, 'ip neigh')).not.toContain('10.0.0.1');
    expect(view('web', learnt, 'ip neigh')).toContain('10.0.0.1 dev eth0 lladdr 02:00:00:00:01:02');
  });

  it('bad input is an error naming the field, never a throw; a replay out of time before its step says so', () => {
    expect(injectViews({ ...toWeb, spec: { ...toWeb.spec, inPort: 'eth9' } }, 'gw', 0)).toEqual({ error: 'inPort: device gw has no port "eth9" (ports: wan, lan)' });
    expect(injectViews(toWeb, 'nope', 0)).toEqual({ error: 'no device "nope"' });
    expect(injectViews({ ...toWeb, doc: '{' }, 'gw', 0)).toHaveProperty('error');
    let checks = 0;
    const last = run.events.length - 1;
    expect(injectViews(toWeb, 'gw', last, () => ++checks >= 3)).toEqual({ error: `replaying the run to step ${last + 1} took too long` });
  });
});
