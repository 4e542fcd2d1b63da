import { describe, expect, it } from 'vitest';
import { runNft, type NftHost } from './run';
import { baseChainsAt, emptyRuleset, type NftRuleset } from './ruleset';

/*
 * What the evaluator at the hooks receives: each rule's statements in order, typed (a match is
 * a key read from the packet, an operator and a constant of the key's type; a verdict ends the
 * rule), with the matches nft adds itself kept (hidden: they run but are not printed), as the
 * kernel's expressions run in nft_do_chain.
 */

function load(text: string): NftRuleset {
  let rs = emptyRuleset();
  const host: NftHost = { get ruleset() { return rs; }, commit: (r) => { rs = r; return undefined; }, ifindex: (n) => (n === 'lo' ? 1 : undefined), readFile: () => undefined };
  const out = runNft(host, { text, name: 'test.nft' }, { handles: false, check: false });
  expect(out.stderr).toBe('');
  return rs;
}

const rulesOf = (rs: NftRuleset, chain: string) => rs.tables[0]!.chains.find((c) => c.name === chain)!.rules.map((r) => r.stmts);

describe('the parsed ruleset the evaluator runs', () => {
  it('a base chain keeps its hook, numeric priority and policy; rules their statements in order', () => {
    const rs = load('table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter + 10; policy drop;\n\t\ttcp dport { 22, 80 } ct state established,related counter accept\n\t}\n}\n');
    const chain = rs.tables[0]!.chains[0]!;
    expect(chain.base).toEqual({ type: 'filter', hook: 'input', priority: 10, policy: 'drop' });
    expect(rulesOf(rs, 'input')[0]).toMatchObject([
      { kind: 'match', key: { kind: 'payload', proto: 'tcp', field: 'dport' }, op: 'implicit', right: { kind: 'set', elements: [{ key: { kind: 'value', v: { type: 'inet_service', value: 22 } } }, { key: { kind: 'value', v: { value: 80 } } }] } },
      // established (2) | related (4): one bitmask the packet's state must share a bit with.
      { kind: 'match', key: { kind: 'ct', key: 'state' }, right: { kind: 'value', v: { type: 'ct_state', value: 6 } } },
      { kind: 'counter', packets: 0, bytes: 0 },
      { kind: 'verdict', verdict: 'accept' },
    ]);
  });

  it('a protocol match before a port match is nft\'s own dependency: kept, hidden', () => {
    const rs = load('add table ip t\nadd chain ip t c\nadd rule ip t c meta l4proto udp udp dport 53 accept\nadd rule ip t c reject with tcp reset\n');
    const [udp, reset] = rulesOf(rs, 'c');
    expect(udp![0]).toMatchObject({ kind: 'match', key: { kind: 'meta', key: 'l4proto' }, hidden: true });
    expect(reset).toMatchObject([{ kind: 'match', key: { kind: 'payload', proto: 'ip', field: 'protocol' }, right: { v: { value: 6 } }, hidden: true }, { kind: 'reject', with: { kind: 'tcp-reset' } }]);
  });

  it('addresses are numbers (a prefix its network), ports ranges, interfaces their ifindex', () => {
    const rs = load('add table ip t\nadd chain ip t c\nadd chain ip t c2\nadd rule ip t c iif lo ip saddr 10.1.2.3/8 tcp sport 1024-65535 ip daddr != 192.168.0.1 jump c2\n');
    expect(rulesOf(rs, 'c')[0]).toMatchObject([
      { key: { kind: 'meta', key: 'iif' }, right: { v: { type: 'iface_index', name: 'lo', ifindex: 1 } } },
      { key: { kind: 'payload', field: 'saddr' }, right: { kind: 'prefix', v: { value: 0x0a000000 }, len: 8 } },
      { key: { field: 'sport' }, right: { kind: 'range', lo: { value: 1024 }, hi: { value: 65535 } } },
      { op: '!=', right: { v: { value: 0xc0a80001 } } },
      { kind: 'verdict', verdict: 'jump', chain: 'c2' },
    ]);
  });

  it('NAT: the address, a map keyed by a packet field, the ports and flags', () => {
    const rs = load('table ip nat {\n\tchain pre {\n\t\ttype nat hook prerouting priority dstnat;\n\t\tdnat to tcp dport map { 80 : 10.0.0.2 }\n\t\ttcp dport 8080 dnat to 10.0.0.3:80\n\t}\n\tchain post {\n\t\ttype nat hook postrouting priority srcnat;\n\t\tmasquerade random\n\t}\n}\n');
    expect(rulesOf(rs, 'pre')).toMatchObject([
      [{ kind: 'nat', type: 'dnat', addr: { kind: 'map', key: { field: 'dport' }, map: { kind: 'set', elements: [{ key: { v: { value: 80 } }, data: { kind: 'value', v: { value: 0x0a000002 } } }] } } }],
      [{ kind: 'match' }, { kind: 'nat', type: 'dnat', addr: { kind: 'value', v: { value: 0x0a000003 } }, port: { lo: 80, hi: 80 } }],
    ]);
    expect(rulesOf(rs, 'post')).toMatchObject([[{ kind: 'nat', type: 'masquerade', flags: ['random'] }]]);
  });

  it('verdict maps and named sets', () => {
    const rs = load('table ip t {\n\tset ok { type ipv4_addr; flags interval; elements = { 10.0.0.0/8 } }\n\tchain c {\n\t\tip saddr @ok accept\n\t\ttcp dport vmap { 22 : accept, 23 : drop }\n\t}\n}\n');
    expect(rs.tables[0]!.sets[0]).toMatchObject({ name: 'ok', spec: { keyType: ['ipv4_addr'], flags: ['interval'] }, elements: [{ key: { kind: 'prefix', len: 8 } }] });
    expect(rulesOf(rs, 'c')).toMatchObject([
      [{ right: { kind: 'setref', name: 'ok' } }, { verdict: 'accept' }],
      [{ kind: 'vmap', key: { field: 'dport' }, map: { kind: 'set', elements: [{ data: { kind: 'verdict', verdict: 'accept' } }, { data: { verdict: 'drop' } }] } }],
    ]);
  });

  it('base chains at one hook, across tables: by priority, an equal one after those added before', () => {
    const rs = load([
      'add table inet a', 'add chain inet a late { type filter hook input priority filter + 10; }', 'add chain inet a first { type filter hook input priority raw; }',
      'add table ip b', 'add chain ip b same { type filter hook input priority 10; }', 'add chain ip b fw { type filter hook forward priority 0; }',
      'add table ip z { flags dormant; }', 'add chain ip z off { type filter hook input priority -400; }', '',
    ].join('\n'));
    expect(baseChainsAt(rs, 'input').map((x) => `${x.table.name}/${x.chain.name}`)).toEqual(['a/first', 'a/late', 'b/same']);
  });
});

describe('statements the evaluator needed, printed back as nft 1.0.6 prints them', () => {
  const listed = (text: string) => {
    let rs = emptyRuleset();
    const host: NftHost = { get ruleset() { return rs; }, commit: (r) => { rs = r; return undefined; }, ifindex: () => undefined, readFile: () => undefined };
    expect(runNft(host, { text, name: 'test.nft' }, { handles: false, check: false }).stderr).toBe('');
    return runNft(host, { text: 'list ruleset' }, { handles: false, check: false }).stdout;
  };

  it('masked flags with != print as `!= VALUE / MASK` (fixtures/nft/list-tcp-flags)', () => {
    const out = listed('table ip t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n\t\ttcp flags & (fin|syn|rst|ack) == syn\n\t\ttcp flags & (fin|syn|rst|ack) != syn ct state new drop\n\t}\n}\n');
    expect(out).toContain('\t\ttcp flags syn / fin,syn,rst,ack\n\t\ttcp flags != syn / fin,syn,rst,ack ct state new drop\n');
  });

  it('meta mark set KEY map @name: the mark looked up by the packet\'s key (kernel-nft-matches flow 18)', () => {
    const text = 'table inet f {\n\tmap portmark {\n\t\ttype inet_service : mark\n\t\telements = { 8443 : 0x2a }\n\t}\n\tchain mangle {\n\t\ttype filter hook prerouting priority mangle; policy accept;\n\t\tmeta iifname "eth0" meta mark set tcp dport map @portmark\n\t}\n}\n';
    expect(listed(text)).toContain('\t\tiifname "eth0" meta mark set tcp dport map @portmark\n');
    expect(rulesOf(load(text), 'mangle')[0]![1]).toMatchObject({ kind: 'meta-set', key: 'mark', map: { key: { kind: 'payload', field: 'dport' }, map: { kind: 'setref', name: 'portmark' } } });
  });
});
