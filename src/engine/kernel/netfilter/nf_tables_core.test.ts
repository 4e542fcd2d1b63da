import { describe, expect, it } from 'vitest';
import type { FlowResult } from '../../sim/run';
import { routed, run, tcpdumpIp } from '../../sim/testing';
import { runNft } from '../../nft/run';
import { viewOn } from '../../export/print/fixture';

/*
 * nftables' base chains on the hook registry, beside iptables (nf_tables_core.c nft_do_chain,
 * nft_chain_filter.c, nft_chain_nat.c): each checked by what a user sees.
 */

const nft = (...lines: string[]) => ["nft -f - <<'EOF'", ...lines, 'EOF'];
/** What `nft LIST` prints on the router after the flow. */
const listOnRouter = (r: FlowResult, list: string) =>
  runNft({ ruleset: r.network.stacks.get('router')!.nf.nftables, commit: () => undefined, ifindex: () => undefined, readFile: () => undefined }, { text: list }, { handles: false, check: false }).stdout;
const ipLines = (r: FlowResult, port: string) => tcpdumpIp(r, port).filter((l) => l.startsWith('IP '));

describe('nft base chains at their hooks (nft_do_chain, nf_hook_slow)', () => {
  it('nf_hook_slow: NF_ACCEPT from an nft chain moves to the next op; NF_DROP from any op (iptables here) is final', () => {
    const router = [
      'iptables -A FORWARD -p icmp -j DROP',
      ...nft('table inet fw {', '\tchain early {', '\t\ttype filter hook forward priority filter - 10; policy accept;', '\t\ticmp type echo-request accept', '\t}', '}'),
    ];
    const r = run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(1);
    expect(tcpdumpIp(r, 'server:eth0')).toEqual([]);
    const nf = r.network.stacks.get('router')!.nf;
    expect(nf.hooks.at('FORWARD').map((o) => `${o.owner} ${o.priority}`)).toEqual(['nf_tables inet fw early -10', 'iptable_filter 0']);
  });

  it('a policy drop at the end of a later base chain overrules an iptables ACCEPT at an earlier priority', () => {
    const router = ['iptables -A FORWARD -j ACCEPT', ...nft('table ip f {', '\tchain late {', '\t\ttype filter hook forward priority 10; policy drop;', '\t}', '}')];
    expect(run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
  });

  it('jump comes back after its rule, return goes back early, goto does not come back; counters count what passed', () => {
    const router = nft(
      'table ip f {',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy accept;',
      '\t\tjump checks',
      '\t\tgoto last',
      '\t\tcounter drop',
      '\t}',
      '\tchain checks {',
      '\t\tip protocol icmp counter return',
      '\t\tcounter drop',
      '\t}',
      '\tchain last {',
      '\t\ticmp type echo-request counter',
      '\t}',
      '}',
    );
    const r = run(routed(router), 'client', 'ping -c 2 -i 0.2 -W 1 10.0.2.2');
    expect(r.exit).toBe(0);
    // goto's chain ends without a verdict: back to where the base chain was jumped from (nowhere), so its policy: accept.
    expect(listOnRouter(r, 'list chain ip f last')).toBe('table ip f {\n\tchain last {\n\t\ticmp type echo-request counter packets 2 bytes 168\n\t}\n}\n');
  });

  it('nf_tables_commit: a base chain a commit leaves in place keeps its place among equal priorities; a new one goes after those there', () => {
    const router = [
      ...nft('table ip t {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', '\t}', '}'),
      'iptables -A FORWARD -j ACCEPT',
      ...nft('table ip u {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', '\t}', '}'),
    ];
    const nf = run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2').network.stacks.get('router')!.nf;
    expect(nf.hooks.at('FORWARD').map((o) => o.owner)).toEqual(['nf_tables ip t forward', 'iptable_filter', 'nf_tables ip u forward']);
  });

  it('the trace names the table, chain, rule handle and verdict (nft_drop)', () => {
    const router = nft('table inet fw {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', '\t\tip daddr 10.0.2.2 drop', '\t}', '}');
    const r = run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2');
    const drop = r.events.find((e) => e.reason.code === 'nft_drop');
    expect(drop?.reason).toEqual({ code: 'nft_drop', family: 'inet', table: 'fw', chain: 'forward', hook: 'forward', rule: { chain: 'forward', handle: 2, verdict: 'drop' }, policy: 'accept' });
  });

  it('a new ruleset replaces the hook operations of the old (nf_tables_commit): a deleted table no longer filters', () => {
    const router = [...nft('table ip f {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy drop;', '\t}', '}'), 'nft delete table ip f'];
    const r = run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(0);
    expect(r.network.stacks.get('router')!.nf.hooks.at('FORWARD')).toEqual([]);
  });
});

describe('nft statements', () => {
  it('nft_nat: a nat chain sees a connection\'s first packet only; masquerade takes the out device\'s address (the NAT core)', () => {
    const router = nft(
      'table ip nat {',
      '\tchain post {',
      '\t\ttype nat hook postrouting priority srcnat; policy accept;',
      '\t\toifname "eth1" counter masquerade',
      '\t}',
      '}',
    );
    const r = run(routed(router), 'client', 'ping -c 3 -i 0.2 -W 1 10.0.2.2');
    expect(r.exit).toBe(0);
    expect(listOnRouter(r, 'list chain ip nat post')).toContain('oifname "eth1" counter packets 1 bytes 84 masquerade');
    expect(ipLines(r, 'server:eth0').length).toBe(6);
    expect(ipLines(r, 'server:eth0')[0]).toContain('10.0.2.1 > 10.0.2.2: ICMP echo request');
  });

  it('nft_nat: dnat to an address picked from a map by the destination port; a port not in the map is not translated', () => {
    const router = nft(
      'table ip nat {',
      '\tchain pre {',
      '\t\ttype nat hook prerouting priority dstnat; policy accept;',
      '\t\tdnat to tcp dport map { 8080 : 10.0.2.2 }',
      '\t}',
      '}',
    );
    const r = run(routed(router, ['nc -lk 8080 &']), 'client', 'nc -z -w 1 10.0.1.1 8080');
    expect(r.exit).toBe(0);
    expect(ipLines(r, 'server:eth0')[0]).toContain('10.0.1.2.');
    expect(ipLines(r, 'server:eth0')[0]).toContain('> 10.0.2.2.8080: Flags [S]');
  });

  it('nft_reject: with tcp reset the client sees a reset; with icmp admin-prohibited an ICMP error; the packet is dropped', () => {
    const router = nft(
      'table inet f {',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy accept;',
      '\t\ttcp dport 25 reject with tcp reset',
      '\t\ttcp dport 26 reject with icmp type admin-prohibited',
      '\t}',
      '}',
    );
    const rst = run(routed(router, ['nc -lk 25 &']), 'client', 'nc -z -w 1 10.0.2.2 25');
    expect(rst.exit).toBe(1);
    expect(ipLines(rst, 'client:eth0')[1]).toContain('10.0.2.2.25 > 10.0.1.2.');
    expect(ipLines(rst, 'client:eth0')[1]).toContain('Flags [R.]');
    expect(ipLines(rst, 'server:eth0')).toEqual([]);
    const icmp = run(routed(router), 'client', 'nc -z -w 1 10.0.2.2 26');
    expect(ipLines(icmp, 'client:eth0')[1]).toContain('10.0.1.1 > 10.0.1.2: ICMP host 10.0.2.2 unreachable - admin prohibited filter');
  });

  it('nft_limit: a bucket of burst packets refilled on virtual time (2/minute burst 2: two of four echoes pass)', () => {
    const router = nft(
      'table ip f {',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy drop;',
      '\t\ticmp type echo-request limit rate 2/minute burst 2 packets accept',
      '\t\ticmp type echo-reply accept',
      '\t}',
      '}',
    );
    const r = run(routed(router), 'client', 'ping -c 4 -i 0.2 -W 1 10.0.2.2');
    expect(tcpdumpIp(r, 'server:eth0').filter((l) => l.includes('echo request')).length).toBe(2);
  });

  it('nft_limit in bytes: 100 bytes/second, no burst: an 84-byte echo request costs 0.84 s of a 1 s bucket, so of five 0.2 s apart the first and the fifth pass', () => {
    const router = nft('table ip f {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', '\t\ticmp type echo-request limit rate over 100 bytes/second drop', '\t}', '}');
    const r = run(routed(router), 'client', 'ping -c 5 -i 0.2 -W 1 10.0.2.2');
    expect(ipLines(r, 'server:eth0').filter((l) => l.includes('echo request')).map((l) => /seq (\d+)/.exec(l)?.[1])).toEqual(['1', '5']);
  });

  it('nft_limit: the bucket is the rule\'s own, so a later commit (another table) leaves it as it was', () => {
    const router = nft('table ip f {', '\tchain out {', '\t\ttype filter hook output priority filter; policy accept;', '\t\ticmp type echo-request limit rate over 2/minute burst 2 packets drop', '\t}', '}');
    const r = run(routed(router), 'router', 'ping -c 2 -i 0.2 -W 1 10.0.2.2 > /dev/null && nft add table ip other && ping -c 1 -W 1 10.0.2.2');
    // Two per minute: the third echo request, a second later, is over the limit.
    expect(r.exit).toBe(1);
    expect(ipLines(r, 'server:eth0').filter((l) => l.includes('echo request')).length).toBe(2);
  });

  it('nft_ct and nft_meta: ct mark set in prerouting is matched in forward; notrack leaves a packet ct state untracked', () => {
    const router = nft(
      'table inet f {',
      '\tchain pre {',
      '\t\ttype filter hook prerouting priority raw; policy accept;',
      '\t\ticmp type echo-request notrack',
      '\t}',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy drop;',
      '\t\tct state untracked counter accept',
      '\t\tct state established accept',
      '\t}',
      '}',
    );
    const r = run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2');
    // The request is untracked and passes; the reply is conntrack's first packet of it: new, dropped.
    expect(ipLines(r, 'server:eth0').length).toBe(2);
    expect(ipLines(r, 'client:eth0').filter((l) => l.includes('echo reply'))).toEqual([]);
    expect(r.events.filter((e) => e.device === 'router').map((e) => e.reason).find((x) => x.code === 'nf_notrack')).toEqual({ code: 'nf_notrack', nft: true });
  });
});

describe('nft_meta and nft_ct copying a mark (connmark save and restore)', () => {
  it('meta mark set ct mark restores the connection\'s mark on every packet; ct mark set meta mark saves it: the replies carry the mark the SYN was given', () => {
    const router = nft(
      'table inet f {',
      '\tchain mangle {',
      '\t\ttype filter hook prerouting priority mangle; policy accept;',
      '\t\tmeta mark set ct mark',
      '\t\ttcp dport 8443 meta mark set 0x2a',
      '\t\tct mark set meta mark',
      '\t}',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy drop;',
      '\t\tmeta mark 0x2a accept',
      '\t}',
      '}',
    );
    const r = run(routed(router, ['nc -lk 8443 &']), 'client', 'nc -z -w 1 10.0.2.2 8443');
    expect(r.exit).toBe(0);
    expect(listOnRouter(r, 'list chain inet f mangle')).toBe(
      'table inet f {\n\tchain mangle {\n\t\ttype filter hook prerouting priority mangle; policy accept;\n\t\tmeta mark set ct mark\n\t\ttcp dport 8443 meta mark set 0x0000002a\n\t\tct mark set meta mark\n\t}\n}\n',
    );
    // Without the restore the server's answers have no mark and the forward chain drops them.
    const noRestore = router.filter((l) => !l.includes('meta mark set ct mark'));
    expect(run(routed(noRestore, ['nc -lk 8443 &']), 'client', 'nc -z -w 1 10.0.2.2 8443').exit).toBe(1);
  });
});

describe('nft_cmp on a bitmask (tcp flags)', () => {
  it('tcp flags syn tests the bit (SYN and SYN-ACK); == syn and != syn compare the whole byte (cmp eq, cmp neq)', () => {
    const router = nft(
      'table ip f {',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy accept;',
      '\t\tcounter',
      '\t\ttcp flags syn counter',
      '\t\ttcp flags == syn counter',
      '\t\ttcp flags != syn counter',
      '\t}',
      '}',
    );
    const r = run(routed(router, ['nc -lk 8443 &']), 'client', 'nc -z -w 1 10.0.2.2 8443');
    expect(r.exit).toBe(0);
    const counts = [...listOnRouter(r, 'list chain ip f forward').matchAll(/counter packets (\d+)/g)].map((m) => Number(m[1]));
    const all = counts[0]!;
    expect(counts.slice(1)).toEqual([2, 1, all - 1]);
  });
});

describe('nft_lookup in a set with timeouts (nft_set_elem_expired)', () => {
  const router = nft(
    'table inet f {',
    '\tset blocked {',
    '\t\ttype ipv4_addr',
    '\t\ttimeout 2s',
    '\t\telements = { 10.0.1.2, 10.0.1.3 timeout 1h }',
    '\t}',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    '\t\tip saddr @blocked drop',
    '\t}',
    '}',
  );

  it('an element matches until its timeout runs out, then the set no longer has it: the third echo request of one a second gets through', () => {
    const r = run(routed(router), 'client', 'ping -c 4 -i 1 -W 1 10.0.2.2');
    expect(ipLines(r, 'server:eth0').filter((l) => l.includes('echo request')).map((l) => /seq (\d+)/.exec(l)?.[1])).toEqual(['3', '4']);
  });

  it('nft list set shows what is left of each timeout; an element whose timeout ran out is not listed', () => {
    // The flow's command runs 1 ms after boot (the shell's fork and exec).
    const listed = run(routed(router), 'router', 'nft list set inet f blocked');
    expect(listed.stdout).toBe('table inet f {\n\tset blocked {\n\t\ttype ipv4_addr\n\t\ttimeout 2s\n\t\telements = { 10.0.1.2 expires 1s999ms, 10.0.1.3 timeout 1h expires 59m59s999ms }\n\t}\n}\n');
    const later = run(routed(router), 'router', 'sleep 3; nft list set inet f blocked');
    expect(later.stdout).toMatch(/elements = \{ 10\.0\.1\.3 timeout 1h expires 59m5[67]s\d+ms \}/);
  });
});

describe('nft_payload: ip length', () => {
  it('ip length > 1000 drop: a 1028-byte echo request (ping -s 1000) is dropped, an 84-byte one passes', () => {
    const router = nft('table ip f {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', '\t\tip length > 1000 drop', '\t}', '}');
    expect(run(routed(router), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
    expect(run(routed(router), 'client', 'ping -c 1 -W 1 -s 1000 10.0.2.2').exit).toBe(1);
  });
});

describe('nft_exthdr: tcp option maxseg size set rt mtu (MSS clamping)', () => {
  it('the SYN crossing to a link of MTU 1400 leaves with MSS 1360 (the route\'s MTU less 40); without the rule it keeps 1460', () => {
    const clamp = nft('table inet f {', '\tchain forward {', '\t\ttype filter hook forward priority mangle; policy accept;', '\t\ttcp flags syn tcp option maxseg size set rt mtu', '\t}', '}');
    const narrow = ['ip link set eth1 mtu 1400'];
    const syn = (router: string[]) => {
      const r = run(routed([...narrow, ...router], ['ip link set eth0 mtu 1400', 'nc -lk 8443 &']), 'client', 'nc -z -w 1 10.0.2.2 8443');
      expect(r.exit).toBe(0);
      return ipLines(r, 'server:eth0').find((l) => l.includes('Flags [S]'));
    };
    expect(syn(clamp)).toContain('mss 1360');
    expect(syn([])).toContain('mss 1460');
  });
});

describe('nft_log', () => {
  const dmesg = (rule: string) => {
    const router = nft('table ip f {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', `\t\ttcp flags syn ${rule}`, '\t}', '}');
    return viewOn(run(routed(router, ['nc -lk 10.0.2.2 80 &']), 'client', 'nc -z -w 2 10.0.2.2 80').network, 'router', 'dmesg -t').stdout;
  };

  it('log flags tcp sequence,options and ether: what LOG\'s --log-tcp-sequence, --log-tcp-options and --log-macdecode add to the line', () => {
    expect(dmesg('log prefix "syn: " flags tcp sequence,options flags ether')).toMatch(/^syn: IN=eth0 OUT=eth1 MACSRC=02:00:00:00:01:01 MACDST=02:00:00:00:02:01 MACPROTO=0800 SRC=10\.0\.1\.2 .* DPT=80 SEQ=\d+ ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT \(020405B4/);
    expect(dmesg('log prefix "syn: "')).not.toContain('SEQ=');
  });

  it('log group 2 sends the packet to nfnetlink_log, where nobody listens: nothing in the kernel log', () => {
    expect(dmesg('log prefix "syn: " group 2')).toBe('');
  });
});

describe('nft_dynset: add @SET from a rule (port knocking)', () => {
  const router = nft(
    'table inet f {',
    '\tset knocked {',
    '\t\ttype ipv4_addr',
    '\t\tflags timeout',
    '\t}',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    '\t\ttcp dport 7000 add @knocked { ip saddr timeout 10s } drop',
    '\t\ttcp dport 22 ip saddr @knocked accept',
    '\t\ttcp dport 22 drop',
    '\t}',
    '}',
  );

  it('port 22 is closed until the client knocks on 7000: the knock puts its address in the set, with its timeout', () => {
    expect(run(routed(router, ['nc -lk 22 &']), 'client', 'nc -z -w 1 10.0.2.2 22').exit).toBe(1);
    const r = run(routed(router, ['nc -lk 22 &']), 'client', 'nc -z -w 1 10.0.2.2 7000; nc -z -w 1 10.0.2.2 22');
    expect(r.exit).toBe(0);
    expect(listOnRouter(r, 'list set inet f knocked')).toMatch(/\t\tsize 65535\n\t\tflags dynamic,timeout\n\t\telements = \{ 10\.0\.1\.2 timeout 10s expires \S+ \}\n/);
  });
});

describe('nft_lookup with a map in a set statement', () => {
  it('meta mark set tcp dport map @portmark marks by the port; a port not in the map leaves the rule (no mark)', () => {
    const router = nft(
      'table inet f {',
      '\tmap portmark {',
      '\t\ttype inet_service : mark',
      '\t\telements = { 8443 : 0x2a }',
      '\t}',
      '\tchain mangle {',
      '\t\ttype filter hook prerouting priority mangle; policy accept;',
      '\t\tmeta mark set tcp dport map @portmark',
      '\t}',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy drop;',
      '\t\tct state established,related accept',
      '\t\tmeta mark 0x2a accept',
      '\t}',
      '}',
    );
    expect(run(routed(router, ['nc -lk 8443 &', 'nc -lk 8444 &']), 'client', 'nc -z -w 1 10.0.2.2 8443').exit).toBe(0);
    expect(run(routed(router, ['nc -lk 8443 &', 'nc -lk 8444 &']), 'client', 'nc -z -w 1 10.0.2.2 8444').exit).toBe(1);
  });
});

describe('nft_fib', () => {
  it('fib saddr . iif oif missing: the reverse-path check drops a source whose route leaves by another device', () => {
    const router = nft('table inet f {', '\tchain pre {', '\t\ttype filter hook prerouting priority raw; policy accept;', '\t\tfib saddr . iif oif missing counter drop', '\t}', '}');
    const client = ['ip addr add 10.0.2.50/32 dev eth0'];
    expect(run(routed(router, [], client), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
    const spoofed = run(routed(router, [], client), 'client', 'ping -c 1 -W 1 -I 10.0.2.50 10.0.2.2');
    expect(spoofed.exit).toBe(1);
    expect(ipLines(spoofed, 'server:eth0')).toEqual([]);
    expect(listOnRouter(spoofed, 'list chain inet f pre')).toContain('fib saddr . iif oif missing counter packets 1 bytes 84 drop');
  });
});

