import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseConfigScript, placeOf, readConfigScript } from './script';
import type { ConfigCommand, ParsedLine } from './types';

/* A device's config read as bash reads a script (bash(1): QUOTING, Compound Commands, PARAMETERS, Here Documents). */

const commands = (p: ParsedLine<ConfigCommand>) => (p.ok ? p.list.flatMap((l) => [l.first, ...l.rest.map((r) => r.cmd)]).map((s) => s.command) : []);
const only = (lines: string[]) => {
  const parsed = parseConfigScript(lines);
  const bad = parsed.find((p) => !p.ok);
  if (bad && !bad.ok) throw new Error(bad.error.message);
  return parsed.flatMap(commands);
};
const error = (lines: string[]) => {
  const bad = parseConfigScript(lines).find((p) => !p.ok);
  if (!bad || bad.ok) throw new Error('expected an error');
  return bad.error;
};

describe('line continuation (bash: a \\ before a newline is removed, the line goes on)', () => {
  it('joins a multi-line iptables command as the man pages print it, and counts its lines', () => {
    const lines = ['iptables -A FORWARD -i eth0 \\', '    -p tcp --dport 22 \\', '    -j ACCEPT', 'ip link set eth0 up'];
    const script = readConfigScript(lines);
    expect(script.map((l) => [l.first, l.last])).toEqual([[1, 3], [4, 4]]);
    expect(commands(script[0]!.parsed)[0]).toMatchObject({ kind: 'iptables', action: { op: 'append', chain: 'FORWARD' } });
  });
  it('names the line and column of an error on a continued line', () => {
    expect(error(['iptables -A FORWARD \\', '  -p tcp --dport 22 \\', '  -j ACCEPT --bogus'])).toMatchObject({ line: 3, column: 13 });
    const p = parseConfigScript(['ip addr add 10.0.0.1/24 \\', 'dev eth0'])[0]!;
    expect(p.ok && placeOf(p, 27)).toEqual({ line: 2, column: 1 });
    expect(p.ok && placeOf(p, 4)).toEqual({ line: 1, column: 4 });
  });
  it('does not continue a comment that ends in a backslash, and keeps an escaped backslash', () => {
    expect(readConfigScript(['# note \\', 'ip link set eth0 up']).map((l) => l.first)).toEqual([1, 2]);
    expect(readConfigScript(['true \\\\', 'ip link set eth0 up']).map((l) => l.first)).toEqual([1, 2]);
  });
  it('reads on while a quote is open, as bash does', () => {
    expect(only(["iptables -A INPUT -m comment --comment 'two", "lines' -j ACCEPT"])[0]).toMatchObject({ kind: 'iptables' });
  });
});

describe('groups (bash: { list; } runs in this shell, ( list ) in a subshell; the status is the last command\'s)', () => {
  it('parses { …; } || { …; } and ( … ) as groups of commands', () => {
    const [p] = parseConfigScript(['{ ip link set eth0 up; ip addr add 10.0.0.1/24 dev eth0; } || { ip link set eth1 up; }', '( sysctl -w net.ipv4.ip_forward=1 )']);
    expect(p!.ok && p!.list[0]!.first.command).toMatchObject({ kind: 'group', subshell: false, list: [{ first: { command: { kind: 'ip-link-set' } } }, { first: { command: { kind: 'ip-addr' } } }] });
    expect(p!.ok && p!.list[0]!.rest[0]).toMatchObject({ op: '||', cmd: { command: { kind: 'group', list: [{ first: { command: { kind: 'ip-link-set' } } }] } } });
    expect(only(['( sysctl -w net.ipv4.ip_forward=1 )'])[0]).toMatchObject({ kind: 'group', subshell: true });
  });
  it("gives bash's syntax errors for groups it would refuse", () => {
    expect(error(['{ ip link set eth0 up }'])).toMatchObject({ message: 'bash: syntax error: unexpected end of file' });
    expect(error(['{ }'])).toMatchObject({ column: 3, message: "bash: syntax error near unexpected token `}'" });
    expect(error(['( )'])).toMatchObject({ column: 3, message: "bash: syntax error near unexpected token `)'" });
    expect(error(['true )'])).toMatchObject({ column: 6, message: "bash: syntax error near unexpected token `)'" });
    expect(error(['}'])).toMatchObject({ column: 1, message: "bash: syntax error near unexpected token `}'" });
  });
  it('keeps { and } literal where they are not reserved words (an argument, or quoted)', () => {
    expect(only(["iptables -A INPUT -m comment --comment '{' -j ACCEPT"])[0]).toMatchObject({ kind: 'iptables' });
  });
});

describe('comments after commands (bash: # starts a comment only where a word starts)', () => {
  it('ignores the rest of the line after " #", but not a # inside a word', () => {
    expect(only(['ip link set eth0 up # bring it up'])).toHaveLength(1);
    expect(only(["iptables -A INPUT -m comment --comment a#b -j ACCEPT"])[0]).toMatchObject({ kind: 'iptables' });
  });
});

describe('variables (bash: NAME=value, export; $NAME and ${NAME}; unquoted expansions are split into words)', () => {
  it('expands variables set earlier in the script, splitting unquoted ones', () => {
    const cmds = only(['WAN=eth0', 'export LAN=eth1 NET=10.0.0.0/24', 'IPT="iptables -w"', '$IPT -A FORWARD -i ${LAN} -o $WAN -s "$NET" -j ACCEPT']);
    expect(cmds).toHaveLength(1);
    expect(cmds[0]).toMatchObject({ kind: 'iptables', action: { op: 'append', chain: 'FORWARD' } });
  });
  it('sets a variable before ; on the same line, then uses it', () => {
    expect(only(['DEV=eth0; ip link set $DEV up'])[0]).toMatchObject({ kind: 'ip-link-set' });
  });
  it('refuses a variable nobody set, an assignment that may not run, and other parameter forms', () => {
    expect(error(['ip link set $WAN up'])).toMatchObject({ column: 13, message: expect.stringContaining("'$WAN' is not set earlier in this script") });
    expect(error(['true && X=1'])).toMatchObject({ column: 9, message: expect.stringContaining('a variable set here') });
    expect(error(['{ X=1; }'])).toMatchObject({ message: expect.stringContaining('a variable set here') });
    expect(error(['X=1 ip link set eth0 up'])).toMatchObject({ message: expect.stringContaining('a variable set here') });
    expect(error(['X=eth0', 'ip link set ${X:-eth1} up'])).toMatchObject({ line: 2, column: 13, message: expect.stringContaining("'${X:-eth1}' is not simulated") });
  });
  it('keeps quoted and escaped dollars literal', () => {
    expect(only(["iptables -A INPUT -m comment --comment '$X' -j ACCEPT", 'iptables -A INPUT -m comment --comment \\$X -j ACCEPT'])).toHaveLength(2);
  });
});

describe('here-documents (bash: <<WORD reads the lines up to WORD; a quoted WORD expands nothing; <<- strips leading tabs)', () => {
  const rules = ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -i $WAN -j DROP', 'COMMIT'];
  it('expands $NAME in an unquoted here-document, not in a quoted one', () => {
    const expanded = only(['WAN=eth0', 'iptables-restore <<EOF', ...rules, 'EOF'])[0];
    expect(expanded).toMatchObject({ kind: 'iptables-restore', tables: [{ commands: [{ line: 5, command: { action: { rule: { inInterface: { value: 'eth0' } } } } }] }] });
    // Quoted: iptables-restore gets `$WAN` itself (a valid interface name to it).
    const literal = only(['WAN=eth0', "iptables-restore <<'EOF'", ...rules, 'EOF'])[0];
    expect(literal).toMatchObject({ kind: 'iptables-restore', tables: [{ commands: [{ command: { action: { rule: { inInterface: { value: '$WAN' } } } } }] }] });
  });
  it('strips leading tabs with <<-, from the lines and the delimiter, and points columns into the typed line', () => {
    const parsed = parseConfigScript(['iptables-restore <<-EOF', '\t*filter', '\t-A INPUT --bogus', '\tCOMMIT', '\tEOF', 'ip link set eth0 up']);
    expect(parsed.flatMap(commands)).toMatchObject([{ kind: 'iptables-restore', failure: { line: 3, column: 11, message: expect.stringContaining('Error occurred at line: 2') } }, { kind: 'ip-link-set' }]);
  });
  it('writes a file with cat > FILE <<EOF', () => {
    expect(only(['N=1', 'cat > /etc/sysctl.d/99-fwd.conf <<EOF', 'net.ipv4.ip_forward = $N', 'EOF'])[0]).toEqual({ kind: 'text-file', path: '/etc/sysctl.d/99-fwd.conf', append: false, text: 'net.ipv4.ip_forward = 1\n' });
    expect(only(['cat <<EOF >> /etc/hosts', '10.0.0.5 web', 'EOF'])[0]).toMatchObject({ kind: 'file-write', file: '/etc/hosts', append: true });
  });
  it("gives bash's warning for a here-document that runs to the end, and refuses $(…) in one", () => {
    expect(error(['iptables-restore <<EOF', '*filter'])).toMatchObject({ line: 1, message: "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')" });
    expect(error(['cat > /etc/sysctl.conf <<EOF', 'a = $(id)', 'EOF'])).toMatchObject({ line: 2, column: 5 });
  });
  it('refuses a here-document for a command that does not read it', () => {
    expect(error(['ip link set eth0 up <<EOF', 'x', 'EOF']).message).toMatch(/ip does not read its input here/);
  });
});

describe('a here-document line ending in \\ (bash joins it with the next when the delimiter is unquoted)', () => {
  it('joins the lines and names the typed line and column of an error after the join', () => {
    const [p] = parseConfigScript(['iptables-restore <<EOF', '*nat', '-A PREROUTING -j DO\\', ':POSTROUTING ACCEPT [0:0]', 'COMMIT', 'EOF']);
    const restore = p!.ok ? p!.list[0]!.first.command : undefined;
    expect(restore).toMatchObject({ kind: 'iptables-restore', failure: { line: 4, column: 14, message: expect.stringContaining("Bad argument `ACCEPT'") } });
    const [q] = parseConfigScript(["iptables-restore <<'EOF'", '*nat', '-A PREROUTING -j DO\\', 'COMMIT', 'EOF']);
    expect(q!.ok && q!.list[0]!.first.command).toMatchObject({ kind: 'iptables-restore', tables: [{ commands: [{ line: 3, command: { action: { rule: { target: { chain: 'DO\\' } } } } }] }] });
  });
});

describe('commands over several lines (bash: a newline ends a command, except after && || | or inside an open group)', () => {
  it('reads a multi-line { … } group and a list continued after &&', () => {
    const script = readConfigScript(['{', '  ip link set eth0 up   # first', '  ip addr add 10.0.0.1/24 dev eth0', '} || {', '  ip link set eth0 down', '}', 'ip link set eth1 up &&', '  ip link set eth2 up']);
    expect(script.map((l) => [l.first, l.last])).toEqual([[1, 6], [7, 8]]);
    const [group, list] = script.map((l) => l.parsed);
    expect(group!.ok && group!.list[0]).toMatchObject({ first: { command: { kind: 'group', list: [{ first: { command: { kind: 'ip-link-set' } } }, { first: { command: { kind: 'ip-addr' } } }] } }, rest: [{ op: '||' }] });
    expect(list!.ok && list!.list[0]).toMatchObject({ first: { command: { kind: 'ip-link-set' } }, rest: [{ op: '&&', cmd: { command: { kind: 'ip-link-set' } } }] });
  });
  it('places an error inside a multi-line group on its own line', () => {
    expect(error(['(', '  ip link set eth0 up', '  ip addr add 10.0.0.300/24 dev eth0', ')'])).toMatchObject({ line: 3 });
  });
  it('still refuses a newline inside one config line (the editor never makes one)', () => {
    expect(error(['ip link set eth0 up\ntouch /tmp/x']).message).toMatch(/line break ends the command/);
  });
});

const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

describe.skipIf(!hasBash)('variables against bash (the lab hands the expanded words to bash)', () => {
  /** The words bash makes of `words` after `NAME=value` lines: printf's arguments, in an empty environment. */
  const bashWords = (assignments: string[], words: string) => {
    const r = spawnSync('bash', ['-c', `${assignments.join('\n')}\nprintf '<%s>' first ${words}`], { encoding: 'utf8', env: {} });
    return r.stdout.replace(/^<first>/, '');
  };
  /** The words the script reader makes of the same text, as an iptables comment's words would be. */
  const ourWords = (assignments: string[], words: string) => {
    const script = readConfigScript([...assignments, `true ${words}`]);
    const last = script.at(-1)!;
    if (!last.parsed.ok) throw new Error(last.parsed.error.message);
    return last.tokens!.slice(1).map((t) => (t.kind === 'word' ? `<${t.text}>` : '')).join('');
  };
  it.each([
    [["V='a  b'"], 'x$V"y"'],
    [["V=''"], '$V "$V" x$V'],
    [["V=' lead  trail '"], '$V'],
    [["V='a b'"], '"$V"c ${V}x'],
    [["V=\"it's\""], "'$V' \"$V\" \\$V"],
    [['A=1', 'B=$A$A', 'C="$B x"'], '$C "$C"'],
  ] as [string[], string][])('%j %s', (assignments, words) => {
    expect(ourWords(assignments, words)).toBe(bashWords(assignments, words));
  });
});

describe.skipIf(!hasBash)('here-documents against bash (cat prints what bash fed it)', () => {
  const cases: string[][] = [
    ['V="a  b"', 'cat <<EOF', 'x $V ${V}y \\$V \\\\ \\` "$V" \'$V\'', 'EOF'],
    ['V=1', "cat <<'EOF'", 'x $V \\$V \\', 'EOF'],
    ['V=1', 'cat <<EOF', 'joined \\', 'line $V', 'EOF'],
    ['V=1', 'cat <<-EOF', '\t\tindented $V', '\tEOF'],
  ];
  it.each(cases)('%s / %s', (...script) => {
    const bash = spawnSync('bash', ['-c', script.join('\n')], { encoding: 'utf8', env: {} }).stdout;
    // The same script writing the file instead: what the simulator keeps is what bash fed cat.
    const ours = readConfigScript(script.map((l) => (l.startsWith('cat <<') ? l.replace('cat ', 'cat > /etc/sysctl.conf ') : l)));
    const command = ours.flatMap((l) => (l.parsed.ok ? l.parsed.list.map((a) => a.first.command) : [])).find((c) => c.kind === 'text-file');
    expect(command && command.kind === 'text-file' && command.text).toBe(bash);
  });
});
