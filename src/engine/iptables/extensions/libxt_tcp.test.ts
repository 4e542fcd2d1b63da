import { describe, expect, it } from 'vitest';
import { lines, viewOn } from '../../export/print/fixture';
import { parseError, printed, through } from './testing';

const TCP = [
  '--tcp-flags ALL NONE -j DROP',
  '--tcp-flags SYN,FIN SYN,FIN -j DROP',
  '! --syn -m conntrack --ctstate NEW -j DROP',
  '--tcp-option 8 -j ACCEPT',
  '! --tcp-option 2',
  '! --tcp-flags ACK,URG,PSH,RST URG',
  '--dport ssh -j ACCEPT',
  '--sport domain:http -j ACCEPT',
  '--dport kerberos -j ACCEPT',
  '--sport 1024: --dport :1023',
  '--sport 0:65535',
  '--dport 0x16',
].map((r) => `iptables -A INPUT -p tcp ${r}`);

describe('libxt_tcp / xt_tcpudp', () => {
  it('prints flags, options and ports as iptables -S, -L and -L -n do (service names from /etc/services)', () => {
    const [s, l, n] = printed(TCP, 'iptables -S INPUT', 'iptables -L INPUT', 'iptables -L INPUT -n');
    expect(s).toBe(lines(
      '-P INPUT ACCEPT',
      '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP',
      '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN FIN,SYN -j DROP',
      '-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j DROP',
      '-A INPUT -p tcp -m tcp --tcp-option 8 -j ACCEPT',
      '-A INPUT -p tcp -m tcp ! --tcp-option 2',
      '-A INPUT -p tcp -m tcp ! --tcp-flags RST,PSH,ACK,URG URG',
      '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --sport 53:80 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 88 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 0:1023',
      '-A INPUT -p tcp -m tcp',
      '-A INPUT -p tcp -m tcp --dport 22',
    ));
    expect(l).toBe(lines(
      'Chain INPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'DROP       tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,PSH,ACK,URG/NONE',
      'DROP       tcp  --  anywhere             anywhere             tcp flags:FIN,SYN/FIN,SYN',
      'DROP       tcp  --  anywhere             anywhere             tcp flags:!FIN,SYN,RST,ACK/SYN ctstate NEW',
      'ACCEPT     tcp  --  anywhere             anywhere             tcp option=8',
      '           tcp  --  anywhere             anywhere             tcp option=!2',
      '           tcp  --  anywhere             anywhere             tcp flags:!RST,PSH,ACK,URG/URG',
      'ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:ssh',
      'ACCEPT     tcp  --  anywhere             anywhere             tcp spts:domain:http',
      'ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:kerberos',
      '           tcp  --  anywhere             anywhere             tcp spts:1024:65535 dpts:0:1023',
      '           tcp  --  anywhere             anywhere             tcp',
      '           tcp  --  anywhere             anywhere             tcp dpt:ssh',
    ));
    expect(n).toContain('6    --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00\n');
    expect(n).toContain('6    --  0.0.0.0/0            0.0.0.0/0            tcp flags:!0x3C/0x20\n');
  });

  it('refuses as iptables does (a tcp service name must be a tcp service)', () => {
    const err = (r: string) => parseError(`iptables -A INPUT -p tcp ${r}`);
    expect(err('--tcp-flags SYN')).toBe('iptables v1.8.9 (nf_tables): --tcp-flags requires two args.');
    expect(err('--tcp-flags FOO SYN')).toBe("iptables v1.8.9 (nf_tables): Unknown TCP flag `FOO'");
    expect(err('--tcp-option 0')).toBe('iptables v1.8.9 (nf_tables): Bad TCP option "0"');
    expect(err('--syn --tcp-flags SYN SYN')).toBe("iptables v1.8.9 (nf_tables): Only one of `--syn' or `--tcp-flags'  allowed");
    expect(err('--dport netbios-ns')).toBe("iptables v1.8.9 (nf_tables): invalid port/service `netbios-ns' specified");
    expect(err('--dport SSH')).toBe("iptables v1.8.9 (nf_tables): invalid port/service `SSH' specified");
    expect(err('--dport 5:3')).toBe('iptables v1.8.9 (nf_tables): invalid portrange (min > max)');
    expect(err('--dport 1:2:3')).toBe("iptables v1.8.9 (nf_tables): invalid port/service `2:3' specified");
    expect(err('--dport 22 --dport 23')).toBe("iptables v1.8.9 (nf_tables): Only one `--destination-port' allowed");
    expect(err('--dport ! 22')).toBe("iptables v1.8.9 (nf_tables): invalid port/service `!' specified");
    expect(parseError('iptables -A INPUT -p tcp -m multiport --dports netbios-ns')).toBe("iptables v1.8.9 (nf_tables): invalid port/service `netbios-ns' specified");
  });

  it('udp reads ports as getaddrinfo does: any protocol\'s names, numbers modulo 65536, a reversed range kept', () => {
    const rules = ['--dport netbios-ns', '--dport ssh', '--dport 70000', '--dport 5:3', '--dport 022', '--dport :'].map((r) => `iptables -A INPUT -p udp ${r}`);
    const [s] = printed([...rules, 'iptables -A INPUT -p udp -m multiport --dports domain,netbios-ns'], 'iptables -S INPUT');
    expect(s).toBe(lines(
      '-P INPUT ACCEPT',
      '-A INPUT -p udp -m udp --dport 137',
      '-A INPUT -p udp -m udp --dport 22',
      '-A INPUT -p udp -m udp --dport 4464',
      '-A INPUT -p udp -m udp --dport 5:3',
      '-A INPUT -p udp -m udp --dport 22',
      '-A INPUT -p udp -m udp',
      '-A INPUT -p udp -m multiport --dports 53,137',
    ));
    expect(parseError('iptables -A INPUT -p udp --dport foo')).toBe('iptables v1.8.9 (nf_tables): Port "foo" does not resolve to anything.\n');
    expect(parseError('iptables -A INPUT -p udp --dport 0x16')).toBe('iptables v1.8.9 (nf_tables): Port "0x16" does not resolve to anything.\n');
    expect(parseError('iptables -A INPUT -p udp --dport 1:2:3')).toBe('iptables v1.8.9 (nf_tables): udp: Too many components for option "--destination-port" (max: 2)\n');
    expect(parseError('iptables -A INPUT -p udp --dport 22 --destination-port 23')).toBe('iptables v1.8.9 (nf_tables): udp: option "--destination-port" can only be used once.\n');
  });

  it('tcp_mt: --tcp-flags and --syn test the flags under the mask; the SYN carries MSS, SACK-permitted, timestamps and window scale', () => {
    const nc = 'nc -z -w 1 10.0.2.2 80';
    const server = { server: ['nc -l -k 80 &'] };
    expect(through([], nc, server).exit).toBe(0);
    expect(through(['iptables -A FORWARD -p tcp --syn -j DROP'], nc, server).exit).toBe(1);
    expect(through(['iptables -A FORWARD -p tcp --tcp-flags SYN,ACK SYN,ACK -j DROP'], nc, server).exit).toBe(1);
    expect(through(['iptables -A FORWARD -p tcp --tcp-flags ALL NONE -j DROP'], nc, server).exit).toBe(0);
    expect(through(['iptables -A FORWARD -p tcp --tcp-option 3 -j DROP'], nc, server).exit).toBe(1);
    expect(through(['iptables -A FORWARD -p tcp --tcp-option 30 -j DROP'], nc, server).exit).toBe(0);
    // `! --syn` with ctstate NEW drops a connection's first packet only when it is not a SYN: the handshake passes.
    const r = through(['iptables -A FORWARD -p tcp ! --syn -m conntrack --ctstate NEW -j DROP'], nc, server);
    expect(r.exit).toBe(0);
    expect(viewOn(r.network, 'router', 'iptables -L FORWARD -v -n').stdout).toContain('    0     0 DROP ');
  });

  it('tcp_mt: --dport ssh matches port 22', () => {
    expect(through(['iptables -A FORWARD -p tcp --dport ssh -j DROP'], 'nc -z -w 1 10.0.2.2 22', { server: ['nc -l -k 22 &'] }).exit).toBe(1);
    expect(through(['iptables -A FORWARD -d 10.0.2.2 -p tcp ! --dport ssh -j DROP'], 'nc -z -w 1 10.0.2.2 22', { server: ['nc -l -k 22 &'] }).exit).toBe(0);
  });

  it('a bare `-m tcp` / `-m udp` (as kube-proxy writes its DNAT rules) stays in the rule: -S and iptables-save print it (recorded)', () => {
    const rules = ['iptables -t nat -N SEP', 'iptables -t nat -A SEP -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.5:80', 'iptables -t nat -A SEP -m tcp -p tcp -j ACCEPT', 'iptables -t nat -A SEP -p udp -m udp -j ACCEPT'];
    const [s] = printed(rules, 'iptables -t nat -S SEP');
    expect(s).toBe(lines('-N SEP', '-A SEP -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.5:80', '-A SEP -p tcp -m tcp -j ACCEPT', '-A SEP -p udp -m udp -j ACCEPT'));
  });
});
