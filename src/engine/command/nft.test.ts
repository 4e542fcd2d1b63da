import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { routed, run } from '../sim/testing';

/*
 * nft on a device: its ruleset is per network namespace (the kernel's nf_tables pernet data),
 * /etc/nftables.conf written by a here-document is what `nft -f` reads, `nft -f -` reads its
 * here-document, and a refused command is the config's error with nft's message.
 */

const CONF = [
  "cat > /etc/nftables.conf <<'EOF'",
  'flush ruleset',
  'table inet filter {',
  '\tchain input {',
  '\t\ttype filter hook input priority filter; policy drop;',
  '\t\tct state established,related accept',
  '\t\ttcp dport {22,80} accept',
  '\t}',
  '}',
  'EOF',
  'nft -f /etc/nftables.conf',
];

const LISTED = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state established,related accept\n\t\ttcp dport { 22, 80 } accept\n\t}\n}\n';

describe('nft in a device config and in a flow', () => {
  it('nft -f loads the file a here-document wrote; nft list ruleset prints it as nft does', () => {
    const r = run(routed(CONF), 'router', 'nft list ruleset');
    expect(r.stdout).toBe(LISTED);
    expect(r.exit).toBe(0);
  });

  it('nft -f - reads its here-document (named /dev/stdin in its messages)', () => {
    const conf = ["nft -f - <<'EOF'", 'add table ip nat', 'add chain ip nat post { type nat hook postrouting priority srcnat; }', 'add rule ip nat post oifname "eth1" masquerade', 'EOF'];
    expect(run(routed(conf), 'router', 'nft -a list chain ip nat post').stdout).toBe(
      'table ip nat {\n\tchain post { # handle 1\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t\toifname "eth1" masquerade # handle 2\n\t}\n}\n',
    );
    const bad = runCommand(routed(["nft -f - <<'EOF'", 'add tabl ip x', 'EOF']), 'router', 'true').configIssues;
    // The config's error points where the here-document's line was typed.
    expect(bad.map((i) => [i.line, i.column, i.message])).toEqual([[5, 10, '/dev/stdin:1:10-11: Error: syntax error, unexpected ip, expecting string\nadd tabl ip x\n         ^^']]);
  });

  it('each network namespace has its own ruleset (the box\'s own is empty)', () => {
    const conf = ['ip netns add blue', 'ip netns exec blue nft add table ip t'];
    expect(run(routed(conf), 'router', 'ip netns exec blue nft list tables').stdout).toBe('table ip t\n');
    expect(run(routed(conf), 'router', 'nft list tables').stdout).toBe('');
  });

  it('a refused command is a config error with nft\'s message and caret line', () => {
    const issues = runCommand(routed(['nft add chain ip nope c']), 'router', 'true').configIssues;
    expect(issues.map((i) => [i.line, i.message])).toEqual([[4, 'Error: No such file or directory\nadd chain ip nope c\n             ^^^^']]);
  });

  it('a change on the command line may run in a flow, between packets (kernel-nft-nat flow 6); a file is the config', () => {
    expect(runCommand(routed(), 'router', 'nft add table ip t && nft list tables').stdout).toBe('table ip t\n');
    expect(runCommand(routed(), 'router', 'nft -f /etc/nftables.conf').stderr).toContain('changes the configuration');
  });
});

describe('nft command line (main.c)', () => {
  const refusal = (line: string) => {
    const issue = runCommand(routed([line]), 'router', 'true').configIssues[0];
    return issue && { column: issue.column, message: issue.message };
  };

  it('words its option errors as getopt does, and needs a command', () => {
    expect(refusal('nft -z list ruleset')).toEqual({ column: 5, message: "nft: invalid option -- 'z'" });
    expect(refusal('nft --bogus')).toEqual({ column: 5, message: "nft: unrecognized option '--bogus'" });
    expect(refusal('nft -f')).toEqual({ column: 5, message: "nft: option requires an argument -- 'f'" });
    expect(refusal('nft')).toEqual({ column: 1, message: 'nft: no command specified' });
  });

  it('-f of a file the config did not write: nft cannot open it', () => {
    expect(refusal('nft -f /etc/nftables.conf')?.message).toBe('internal:0:0-0: Error: Could not open file "/etc/nftables.conf": No such file or directory');
  });
});
