import { describe, expect, it } from 'vitest';
import { highlightDocument, highlightLine, highlightScriptLine, ScriptEntries, type Span } from './highlight';

/** The spans as [text, type] pairs, easier to read than offsets. */
function pairs(line: string): [string, Span['type']][] {
  return highlightLine(line).map((s) => [line.slice(s.from, s.to), s.type]);
}

describe('highlightLine', () => {
  it('colours an ip address line', () => {
    expect(pairs('ip addr add 192.168.1.5/24 dev eth0')).toEqual([
      ['ip', 'command'],
      ['addr', 'subcommand'],
      ['add', 'subcommand'],
      ['192.168.1.5/24', 'address'],
      ['dev', 'subcommand'],
    ]);
  });

  it('colours iptables options, tables, chains, targets and ip:port', () => {
    expect(pairs('iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80')).toEqual([
      ['iptables', 'command'],
      ['-t', 'option'],
      ['nat', 'subcommand'],
      ['-A', 'option'],
      ['PREROUTING', 'constant'],
      ['-p', 'option'],
      ['tcp', 'subcommand'],
      ['--dport', 'option'],
      ['8080', 'number'],
      ['-j', 'option'],
      ['DNAT', 'constant'],
      ['--to-destination', 'option'],
      ['192.168.1.2:80', 'address'],
    ]);
  });

  it('keeps quoted words, redirections and their files', () => {
    expect(pairs("echo '8.8.8.8 dns' >> /etc/hosts")).toEqual([
      ['echo', 'command'],
      ["'8.8.8.8 dns'", 'string'],
      ['>>', 'operator'],
      ['/etc/hosts', 'path'],
    ]);
  });

  it('starts a new command after an operator and colours comments', () => {
    expect(pairs('sysctl -w net.ipv4.ip_forward=1 && nc -lk 53 & # dns')).toEqual([
      ['sysctl', 'command'],
      ['-w', 'option'],
      ['net.ipv4.ip_forward=1', 'path'],
      ['&&', 'operator'],
      ['nc', 'command'],
      ['-lk', 'option'],
      ['53', 'number'],
      ['&', 'operator'],
      ['# dns', 'comment'],
    ]);
  });

  it('does not start a comment inside a word, and survives an unterminated quote', () => {
    expect(pairs('ip route add 10.0.0.0/8 via 10.1.1.1 metric#1')).toContainEqual(['10.1.1.1', 'address']);
    expect(pairs('ip route add 10.0.0.0/8 via 10.1.1.1 metric#1')).not.toContainEqual(expect.arrayContaining(['comment']));
    expect(pairs("echo 'nameserver 1.1.1.1 > /etc/resolv.conf")).toEqual([
      ['echo', 'command'],
      ["'nameserver 1.1.1.1 > /etc/resolv.conf", 'string'],
    ]);
  });

  it('marks IPv6 addresses and prefixes (ip6tables), not port ranges', () => {
    const line = 'ip6tables -A INPUT -s 2001:db8::/32 -d ::1 -p tcp --dport 1024:65535 -j ACCEPT';
    expect(pairs(line)).toContainEqual(['2001:db8::/32', 'address']);
    expect(pairs(line)).toContainEqual(['::1', 'address']);
    expect(pairs(line)).toContainEqual(['1024:65535', 'number']);
    expect(pairs(line)[0]).toEqual(['ip6tables', 'command']);
    expect(pairs('ip6tables -A INPUT -s 2001:db8:0:0:0:0:0:1/128 -m time --timestart 10:30:00')).toEqual(expect.arrayContaining([['2001:db8:0:0:0:0:0:1/128', 'address']]));
    expect(pairs('ip6tables -A INPUT -m time --timestart 10:30:00')).not.toContainEqual(['10:30:00', 'address']);
  });

  it('marks MACs and negation', () => {
    expect(pairs('ip neigh add 10.0.0.2 lladdr 02:00:00:00:01:01 dev eth0')).toContainEqual(['02:00:00:00:01:01', 'address']);
    expect(pairs('iptables -A INPUT ! -s 10.0.0.0/8 -j DROP')).toContainEqual(['!', 'operator']);
  });

  it('gives spans in order without overlaps, inside the line', () => {
    const line = "iptables-restore <<'EOF'; ip rule add fwmark 0x1/0xff lookup 100 2>/dev/null";
    const spans = highlightLine(line);
    for (let i = 0; i < spans.length; i++) {
      expect(spans[i]!.from).toBeLessThan(spans[i]!.to);
      expect(spans[i]!.to).toBeLessThanOrEqual(line.length);
      if (i > 0) expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);
    }
    expect(pairs(line)).toContainEqual(['0x1/0xff', 'number']);
    expect(pairs(line)).toContainEqual(['2>', 'operator']);
    expect(pairs(line)).toContainEqual(['/dev/null', 'path']);
  });
});

describe('highlightDocument: the config read as a script', () => {
  const types = (lines: string[]) => highlightDocument(lines).map((spans, i) => spans.map((sp) => `${lines[i]!.slice(sp.from, sp.to)}:${sp.type}`));
  it('colours a here-document as text up to its delimiter, and a continued line as the same command', () => {
    expect(types(['cat > /etc/sysctl.d/9.conf <<EOF', 'net.ipv4.ip_forward = 1', 'EOF', 'ip addr add 10.0.0.1/24 \\', '  dev eth0'])).toEqual([
      ['cat:command', '>:operator', '/etc/sysctl.d/9.conf:path', '<<:operator', 'EOF:path'],
      ['net.ipv4.ip_forward = 1:string'],
      ['EOF:operator'],
      ['ip:command', 'addr:subcommand', 'add:subcommand', '10.0.0.1/24:address'],
      ['dev:subcommand'],
    ]);
  });
  it('strips the tabs of <<- before the delimiter', () => {
    expect(types(['iptables-restore <<-EOF', '\t*filter', '\tEOF', 'true'])).toEqual([['iptables-restore:command', '<<-:operator', 'EOF:path'], ['\t*filter:string'], ['EOF:operator'], ['true:command']]);
  });
});

describe('ScriptEntries: only the lines in view are coloured, from what the lines above leave', () => {
  const script = ['cat > /etc/sysctl.d/9.conf <<EOF', 'net.ipv4.ip_forward = 1', 'EOF', 'ip addr add 10.0.0.1/24 \\', '  dev eth0', 'iptables-restore <<-EOF', '\t*filter', '\tEOF', 'true'];
  it('colours each line as highlightDocument does when asked one line at a time, bottom up', () => {
    const entries = new ScriptEntries();
    const whole = highlightDocument(script);
    for (let i = script.length - 1; i >= 0; i--) expect(highlightScriptLine(script[i]!, entries.at(i, (k) => script[k]!)).spans).toEqual(whole[i]);
  });
  it('reads lines only down to the one asked about, and an edit forgets only the entries after the edited line', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `ip route add 20.${i >> 8 & 255}.${i & 255}.0/24 via 192.168.1.2`);
    let read = 0;
    const entries = new ScriptEntries();
    entries.at(40, (k) => (read++, lines[k]!));
    expect(read).toBe(40);
    entries.changedFrom(10);
    expect(entries.known).toBe(11);
    entries.at(40, (k) => (read++, lines[k]!));
    expect(read).toBe(70);
    // A here-document opened on line 10 (an edit there) makes line 11 its text.
    const edited = [...lines];
    edited[10] = 'cat > /etc/hosts <<EOF';
    entries.changedFrom(10);
    expect(highlightScriptLine(edited[11]!, entries.at(11, (k) => edited[k]!)).spans).toEqual([{ from: 0, to: edited[11]!.length, type: 'string' }]);
  });
});
