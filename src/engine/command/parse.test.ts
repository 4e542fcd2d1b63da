import { describe, expect, it } from 'vitest';
import { parseConfigScript, parseIptablesRestore } from './iptables-restore';
import { parseConfigLine, parseFlowLine } from './parse';
import { configCommand, configError, flowCommand, flowError, ip } from './testing';

describe('shell lists (bash grammar)', () => {
  it('turns a flow with && into an and-or list', () => {
    const p = parseFlowLine('nc -z -w 2 93.184.216.34 80 && nc -z -w 2 93.184.216.34 80');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.list).toHaveLength(1);
    expect(p.list[0]!.first.command).toMatchObject({ kind: 'nc-connect', ports: [{ min: 80, max: 80 }], timeout: 2, zero: true });
    expect(p.list[0]!.rest.map((r) => r.op)).toEqual(['&&']);
    expect(p.list[0]!.rest[0]!.cmd.column).toBe(32);
  });
  it('separates lists with ; and marks background &', () => {
    const p = parseConfigLine('nc -lk 80 & sleep 1; true', 3);
    expect(p.ok && p.list.map((l) => [l.first.command.kind, l.background])).toEqual([['nc-listen', true], ['sleep', false], ['true', false]]);
  });
  it('blank lines and comments are empty lists', () => {
    expect(parseConfigLine('', 1)).toEqual({ ok: true, line: 1, list: [] });
    expect(parseConfigLine('   # set up the LAN', 2)).toEqual({ ok: true, line: 2, list: [] });
  });
  it('reports bash syntax errors', () => {
    expect(configError('&& true')).toMatchObject({ column: 1, message: "bash: syntax error near unexpected token `&&'" });
    expect(configError('true &&')).toMatchObject({ message: "bash: syntax error near unexpected token `newline'" });
    expect(configError("echo 'x")).toMatchObject({ line: 7, column: 6, message: "bash: unexpected EOF while looking for matching `''" });
  });
  it('notes output sent to /dev/null', () => {
    const p = parseFlowLine('ping -c 1 8.8.8.8 >/dev/null 2>&1');
    expect(p.ok && p.list[0]!.first).toMatchObject({ discardStdout: true, discardStderr: true });
  });
});

describe('config lines: one command, no expansion (the lab runs them as root)', () => {
  it('refuses what bash would expand, at its column, in config and flow lines alike', () => {
    expect(configError('iptables -A INPUT -m comment --comment "$(touch /tmp/x)" -j ACCEPT')).toEqual({
      line: 7, column: 41, exitStatus: 2,
      message: "hairpin: command substitution ($(…)) is not simulated: write its result, or quote the text ('…') to keep it literal",
    });
    expect(configError('echo "10.0.0.2 web$(id -u > /tmp/y)" >> /etc/hosts')).toMatchObject({ column: 19 });
    expect(configError('echo "10.0.0.2 web`id`" >> /etc/hosts')).toMatchObject({ column: 19, message: expect.stringContaining('(`…`)') });
    expect(configError('ip addr add $ADDR dev eth0')).toMatchObject({ column: 13, message: "hairpin: '$ADDR' is a shell variable, and none is set here: write its value, or quote the text ('…') to keep it literal" });
    expect(configError('iptables -A INPUT -j${IFS}DROP')).toMatchObject({ column: 21, message: expect.stringContaining("'${'") });
    expect(configError('iptables -F *')).toMatchObject({ column: 13, message: "hairpin: '*' is a filename pattern that bash would expand (a glob): quote the text ('…') to keep it literal" });
    expect(configError('echo 1 > /proc/sys/net/ipv4/conf/eth?/rp_filter')).toMatchObject({ column: 37 });
    expect(configError('ip route add 10.0.{1,2}.0/24 dev eth0')).toMatchObject({ column: 19, message: expect.stringContaining('brace expansion') });
    expect(configError("echo ~/x >> /etc/hosts")).toMatchObject({ column: 6, message: expect.stringContaining("'~'") });
    expect(configError("echo $'10.0.0.1 a\\nb' >> /etc/hosts")).toMatchObject({ column: 6 });
    expect(flowError('ping -c 1 `cat /tmp/ip`')).toMatchObject({ column: 11, message: expect.stringContaining('(`…`)') });
    expect(flowError('ping -c 1 $HOST')).toMatchObject({ column: 11, message: expect.stringContaining('shell variable') });
  });
  it("accepts the same text quoted or escaped: it is literal, as in bash", () => {
    expect(configCommand("iptables -A INPUT -m comment --comment '$(touch /tmp/x) `id` $HOME *' -j ACCEPT")).toMatchObject({ kind: 'iptables' });
    expect(configCommand('iptables -A INPUT -m comment --comment "\\$(x) \\`id\\` * ?" -j ACCEPT')).toMatchObject({ kind: 'iptables' });
    expect(configCommand("echo '10.0.0.2 web$(id -u)' >> /etc/hosts")).toMatchObject({ text: '10.0.0.2 web$(id -u)\n' });
  });
  it('reads ; && || lists in a config line as commands the simulator runs, each parsed: anything else is refused', () => {
    expect(configError('iptables -F; touch /tmp/x')).toEqual({ line: 7, column: 14, exitStatus: 127, message: "hairpin: unsupported command 'touch'" });
    expect(configError('ip link set eth0 up && touch /tmp/x')).toMatchObject({ column: 24 });
    expect(configError('nc -lk 80 & sh -c id &')).toMatchObject({ column: 19, message: "hairpin: unsupported command 'id'" });
    expect(configError('iptables -S | tee /tmp/x')).toMatchObject({ column: 13, message: "hairpin: a pipe in a device's config is not simulated: run it as a flow" });
    const p = parseConfigLine('iptables -F && iptables -X; iptables -Z', 1);
    expect(p.ok && p.list.map((l) => [l.first.command.kind, ...l.rest.map((r) => r.cmd.command.kind)])).toEqual([['iptables', 'iptables'], ['iptables']]);
  });
  it('refuses redirections other than echo into the simulated files and /dev/null', () => {
    expect(configError('echo x > /tmp/x').message).toBe("hairpin: writing to '/tmp/x' is not simulated");
    expect(configError('echo 1 >> /etc/hosts 2> /tmp/x').message).toMatch(/only `echo ... > FILE`/);
    expect(configError('iptables -S > /tmp/x').message).toMatch(/only echo can write to a file/);
    expect(configError('iptables-restore < /tmp/rules').message).toMatch(/reads here only a file the config writes \(\/etc\/iptables\/rules.v4\), not '\/tmp\/rules'/);
    expect(configError("echo x >> /etc/hosts\ntouch /tmp/x")).toMatchObject({ column: 21, message: expect.stringContaining('line break') });
    expect(configError('iptables -S <<< x').message).toMatch(/here-string \(<<<\) is not simulated/);
    expect(configError('echo a(b')).toMatchObject({ column: 7, message: "bash: syntax error near unexpected token `('" });
  });
});

describe('unsupported and misplaced commands', () => {
  it('names the command it does not understand, at its column', () => {
    expect(configError('apt install foo')).toEqual({ line: 7, column: 1, message: "hairpin: unsupported command 'apt'", exitStatus: 127 });
    expect(configError('true && ethtool -K eth0 tso off')).toMatchObject({ column: 9, message: "hairpin: unsupported command 'ethtool'" });
  });
  it('wants services in the background', () => {
    expect(configError('nc -lk 80')).toMatchObject({ message: "hairpin: 'nc -l' runs until killed; end the line with '&' to start it in the background" });
  });
  it('keeps traffic in flows and configuration in configs', () => {
    expect(configError('ping -c 1 8.8.8.8').message).toMatch(/run it as a flow/);
    expect(flowError('ip addr add 10.0.0.9/24 dev eth0').message).toMatch(/put it in the device's config/);
  });
});

describe('sysctl and echo into /proc/sys and config files', () => {
  it('sysctl -w, sysctl without -w, and slashes normalise to one key', () => {
    for (const line of ['sysctl -w net.ipv4.ip_forward=1', 'sysctl net.ipv4.ip_forward=1', 'sysctl -w net/ipv4/ip_forward=1', 'echo 1 > /proc/sys/net/ipv4/ip_forward']) {
      expect(configCommand(line)).toMatchObject({ kind: 'sysctl', writes: [{ key: 'net.ipv4.ip_forward', value: '1' }] });
    }
    expect(configCommand('sysctl -w net.ipv4.conf.eth1.route_localnet=1')).toMatchObject({ writes: [{ key: 'net.ipv4.conf.eth1.route_localnet' }] });
    expect(configCommand('echo 2 > /proc/sys/net/ipv4/conf/eth0.100/rp_filter')).toMatchObject({ writes: [{ key: 'net.ipv4.conf.eth0/100.rp_filter', value: '2' }], via: 'proc' });
    expect(flowCommand('sysctl net.ipv4.ip_forward')).toMatchObject({ reads: [{ key: 'net.ipv4.ip_forward' }] });
  });
  it('prints sysctl errors', () => {
    expect(configError('sysctl -w net.ipv4.conf.v0.rp_filter')).toMatchObject({ message: 'sysctl: command line(0): invalid syntax, continuing...', exitStatus: 1 });
    expect(configError('sysctl -w')).toMatchObject({ message: "sysctl: no variables specified\nTry `sysctl --help' for more information." });
  });
  it('parses rt_tables, hosts and resolv.conf writes', () => {
    expect(configCommand("echo '100 isp1' >> /etc/iproute2/rt_tables")).toEqual({ kind: 'file-write', file: '/etc/iproute2/rt_tables', append: true, text: '100 isp1\n', entries: [{ id: 100, name: 'isp1' }] });
    expect(configCommand("echo '10.0.0.5 web web.lan' >> /etc/hosts")).toMatchObject({ file: '/etc/hosts', entries: [{ address: ip('10.0.0.5'), names: ['web', 'web.lan'] }] });
    expect(configCommand("echo 'nameserver 10.0.0.1' > /etc/resolv.conf")).toMatchObject({ file: '/etc/resolv.conf', append: false, nameservers: [ip('10.0.0.1')] });
    expect(configError('echo x > /etc/passwd').message).toMatch(/^hairpin: writing to '\/etc\/passwd'/);
  });
});

describe('iptables-restore blocks', () => {
  const block = ['*nat', ':PREROUTING ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', '-A POSTROUTING -o eth0 -j MASQUERADE', 'COMMIT', '*filter', ':FORWARD DROP [0:0]', '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', 'COMMIT'];
  it('parses tables, chain policies and rules with their line numbers', () => {
    const r = parseIptablesRestore(block, 10);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.command.tables.map((t) => t.table)).toEqual(['nat', 'filter']);
    expect(r.command.tables[1]!.chains).toEqual([{ chain: 'FORWARD', policy: 'DROP', line: 16 }]);
    expect(r.command.tables[0]!.commands[0]).toMatchObject({ line: 13, command: { table: 'nat', action: { op: 'append', chain: 'POSTROUTING' } } });
  });
  it('refuses -t inside a block, and a missing COMMIT', () => {
    const t = parseIptablesRestore(['*nat', '-t nat -A POSTROUTING -j MASQUERADE', 'COMMIT'], 1);
    expect(!t.ok && t.error.message).toBe("iptables-restore v1.8.9 (nf_tables): The -t option (seen in line 2) cannot be used in iptables-restore.\n\nError occurred at line: 2\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.");
    const c = parseIptablesRestore(['*nat', '-A POSTROUTING -j MASQUERADE'], 1);
    expect(!c.ok && c.error.message).toBe('iptables-restore: COMMIT expected at line 3');
  });
  it('reads a here-document in a config script', () => {
    const parsed = parseConfigScript(['sysctl -w net.ipv4.ip_forward=1', "iptables-restore <<'EOF'", ...block, 'EOF', 'ip route add default via 10.0.0.1']);
    expect(parsed.map((p) => (p.ok ? p.list[0]!.first.command.kind : p.error.message))).toEqual(['sysctl', 'iptables-restore', 'ip-route']);
    expect(parsed.map((p) => p.ok && p.line)).toEqual([1, 2, 13]);
  });
});

describe('flow lines: pipelines and $(…)', () => {
  it('reads a | b | c as one pipeline named by its last command, the earlier stages upstream', () => {
    const p = parseFlowLine("ip route | grep -v kernel | grep -c default && echo ok");
    if (!p.ok) throw new Error(p.error.message);
    const first = p.list[0]!.first;
    expect(first.command.kind).toBe('grep');
    expect(first.upstream!.map((s) => s.command.kind)).toEqual(['ip-route-show', 'grep']);
    expect(p.list[0]!.rest[0]!.cmd.command).toMatchObject({ kind: 'echo', words: ['ok'] });
  });
  it("refuses what bash refuses around '|', at its column", () => {
    expect(flowError('ip route | | grep x')).toMatchObject({ column: 12, message: "bash: syntax error near unexpected token `|'" });
    expect(flowError('| grep x')).toMatchObject({ column: 1, message: "bash: syntax error near unexpected token `|'" });
    expect(flowError('ip route |')).toMatchObject({ message: "bash: syntax error near unexpected token `newline'" });
    expect(flowError('ip route |& grep x')).toMatchObject({ column: 10, message: expect.stringContaining('|&') });
    expect(flowError('ip route | tee /tmp/x')).toMatchObject({ column: 12, message: "hairpin: unsupported command 'tee'" });
  });
  it('runs in $(…) only commands that read, and says which one would not', () => {
    expect(flowCommand('ip route get $(dig +short web)')).toMatchObject({ kind: 'substituted', name: { text: 'ip' } });
    expect(flowCommand('ping -c 1 "$(grep web /etc/hosts | grep -o \'^[0-9.]*\')"')).toMatchObject({ kind: 'substituted' });
    expect(flowError('ip route get $(ip route flush table main)')).toMatchObject({ column: 16, message: expect.stringContaining("'ip route' would change state") });
    expect(flowError('ip route get $(ping -c 1 10.0.0.1)')).toMatchObject({ column: 16, message: expect.stringContaining('would send traffic') });
    expect(flowError('ip route get $(touch /tmp/x)')).toMatchObject({ column: 16, message: "hairpin: unsupported command 'touch'", exitStatus: 127 });
    expect(flowError('ip route get $(nc -l 80 &)')).toMatchObject({ message: expect.stringContaining('&') });
    expect(flowError('$(dig +short web) x')).toMatchObject({ column: 1, message: expect.stringContaining('command name') });
  });
  it('reads the inside of $(…) as bash does, so the checked text is the text bash runs', () => {
    // bash runs `touch` inside this substitution: the ")" in quotes does not close it.
    expect(flowError('echo "$(echo ")" ; touch /tmp/x ; echo "(")"')).toMatchObject({ message: "hairpin: unsupported command 'touch'" });
    expect(flowCommand("echo $(echo ')' \\))")).toMatchObject({ kind: 'substituted' });
    expect(flowError('echo $(echo a #) ; touch /tmp/x )')).toMatchObject({ column: 15, message: 'hairpin: a comment inside $(…) is not simulated' });
    expect(flowError('echo $(echo `id`)')).toMatchObject({ column: 13, message: expect.stringContaining('backquotes') });
    expect(flowError('echo $(echo a')).toMatchObject({ message: "bash: unexpected EOF while looking for matching `)'" });
    expect(flowError('echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo a)))))))))')).toMatchObject({ message: expect.stringContaining('nested deeper') });
  });
  it('keeps $(…) out of config lines (their result is not known before boot)', () => {
    expect(configError('ip route add default via $(dig +short gw)')).toMatchObject({ column: 26, message: expect.stringContaining('command substitution') });
  });
});
