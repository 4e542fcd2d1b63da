import { describe, expect, it } from 'vitest';
import { configError } from '../command/testing';
import { viewOn } from '../export/print/fixture';
import { runCommand } from '../sim/run';
import { routed, run } from '../sim/testing';

/*
 * The ipset command (ipset 7.17) on the namespace's sets (ip_set_core.c): what it prints and
 * how it refuses, as the real tool did in a namespace on kernel 6.18. initval is random per set
 * (the simulator draws it from the run's seed), so lines holding it are compared by shape.
 */

const issues = (lines: string[]) => runCommand(routed(lines), 'router', 'true').configIssues.map((i) => i.message);
const list = (lines: string[], cmd = 'ipset list') => viewOn(run(routed(lines), 'router', 'true').network, 'router', cmd);
const INITVAL = / initval 0x[0-9a-f]{8}/g;

describe('ipset', () => {
  it('lists each type with its header, size, references and members (ipset list)', () => {
    const out = list([
      'ipset create bl hash:ip',
      'ipset add bl 1.2.3.4',
      'ipset create nets hash:net timeout 300',
      'ipset add nets 10.0.0.0/8',
      'ipset add nets 192.168.1.5 timeout 60',
      'ipset create ipp hash:ip,port',
      'ipset add ipp 1.2.3.4,tcp:80',
      'ipset add ipp 1.2.3.4,53',
      'ipset add ipp 1.2.3.4,udp:53',
      'ipset add ipp 1.1.1.1,icmp:ping',
      'ipset create ports bitmap:port range 0-1024',
      'ipset add ports 80',
      'ipset add ports 22',
    ]);
    expect(out.stdout.replace(INITVAL, ' initval X')).toBe(
      'Name: bl\nType: hash:ip\nRevision: 6\nHeader: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval X\nSize in memory: 256\nReferences: 0\nNumber of entries: 1\nMembers:\n1.2.3.4\n\n' +
        'Name: nets\nType: hash:net\nRevision: 7\nHeader: family inet hashsize 1024 maxelem 65536 timeout 300 bucketsize 12 initval X\nSize in memory: 584\nReferences: 0\nNumber of entries: 2\nMembers:\n' +
        '10.0.0.0/8 timeout 299\n192.168.1.5 timeout 59\n\n' +
        'Name: ipp\nType: hash:ip,port\nRevision: 7\nHeader: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval X\nSize in memory: 408\nReferences: 0\nNumber of entries: 4\nMembers:\n' +
        '1.2.3.4,tcp:80\n1.2.3.4,tcp:53\n1.2.3.4,udp:53\n1.1.1.1,icmp:echo-request\n\n' +
        'Name: ports\nType: bitmap:port\nRevision: 3\nHeader: range 0-1024\nSize in memory: 208\nReferences: 0\nNumber of entries: 2\nMembers:\n22\n80\n',
    );
    expect(out.stdout.match(INITVAL)).toHaveLength(3);
  });

  it("lists kube-proxy's IPVS-mode sets: hash:ip,port,ip, hash:ip,port,net and bitmap:port with comments", () => {
    const out = list([
      'ipset create KUBE-LOOP-BACK hash:ip,port,ip family inet hashsize 1024 maxelem 65536 comment',
      'ipset create KUBE-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net family inet hashsize 1024 maxelem 65536 comment',
      'ipset create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 comment',
      'ipset add KUBE-LOOP-BACK 10.244.1.2,tcp:80,10.244.1.2 -exist',
      'ipset add KUBE-LOOP-BACK 10.244.1.3,udp:53,10.244.1.3 comment "hi there"',
      'ipset add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.1.2.3',
      'ipset add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.0.0.0/8',
      'ipset add KUBE-NODE-PORT-TCP 30080',
    ]);
    expect(out.stdout.replace(INITVAL, ' initval X')).toBe(
      'Name: KUBE-LOOP-BACK\nType: hash:ip,port,ip\nRevision: 6\nHeader: family inet hashsize 1024 maxelem 65536 comment bucketsize 12 initval X\nSize in memory: 393\nReferences: 0\nNumber of entries: 2\nMembers:\n' +
        '10.244.1.2,tcp:80,10.244.1.2\n10.244.1.3,udp:53,10.244.1.3 comment "hi there"\n\n' +
        'Name: KUBE-LOAD-BALANCER-SOURCE-CIDR\nType: hash:ip,port,net\nRevision: 8\nHeader: family inet hashsize 1024 maxelem 65536 comment bucketsize 12 initval X\nSize in memory: 624\nReferences: 0\nNumber of entries: 2\nMembers:\n' +
        '1.2.3.4,tcp:80,10.1.2.3\n1.2.3.4,tcp:80,10.0.0.0/8\n\n' +
        'Name: KUBE-NODE-PORT-TCP\nType: bitmap:port\nRevision: 3\nHeader: range 0-65535 comment\nSize in memory: 532552\nReferences: 0\nNumber of entries: 1\nMembers:\n30080\n',
    );
    expect(list(['ipset create l hash:ip,port,ip comment', 'ipset add l 1.1.1.1,80,2.2.2.2 comment "a b"'], 'ipset save').stdout.replace(INITVAL, '')).toBe(
      'create l hash:ip,port,ip family inet hashsize 1024 maxelem 65536 comment bucketsize 12\nadd l 1.1.1.1,tcp:80,2.2.2.2 comment "a b"\n',
    );
    // timeout before comment, in the header and on each element (a second of virtual time has passed).
    expect(list(['ipset create p bitmap:port range 0-1024 comment timeout 5', 'ipset add p 80 comment "w"', 'ipset create h hash:ip,port,net comment timeout 7 maxelem 10', 'ipset add h 1.1.1.1,udp:53,10.0.0.0/8 comment "z" timeout 3'], 'ipset save').stdout.replace(INITVAL, '')).toBe(
      'create p bitmap:port range 0-1024 timeout 5 comment\nadd p 80 timeout 4 comment "w"\ncreate h hash:ip,port,net family inet hashsize 1024 maxelem 10 timeout 7 comment bucketsize 12\nadd h 1.1.1.1,udp:53,10.0.0.0/8 timeout 2 comment "z"\n',
    );
    expect(/Size in memory: (\d+)/.exec(list(['ipset create p bitmap:port range 0-1024 comment timeout 5', 'ipset add p 80 comment "w"'], 'ipset list -t p').stdout)![1]).toBe('16626');
    expect(/Size in memory: (\d+)/.exec(list(['ipset create h hash:ip,port,net comment timeout 7 maxelem 10', 'ipset add h 1.1.1.1,udp:53,10.0.0.0/8 comment "z" timeout 3'], 'ipset list -t h').stdout)![1]).toBe('578');
    // Sizes for the extensions, as the kernel counted them (one bucket per element).
    const size = (lines: string[]) => /Size in memory: (\d+)/.exec(list(lines, 'ipset list -t s').stdout)![1];
    expect(size(['ipset create s hash:ip,port,ip comment timeout 5', 'ipset add s 1.1.1.1,80,2.2.2.2'])).toBe('304');
    expect(size(['ipset create s hash:ip,port,net timeout 10', 'ipset add s 1.1.1.1,80,2.2.2.0/24'])).toBe('544');
    expect(size(['ipset create s bitmap:port range 0-1024 comment timeout 5'])).toBe('16608');
    expect(size(['ipset create s bitmap:port range 0-1023 comment'])).toBe('8392');
    expect(size(['ipset create s hash:net comment', 'ipset add s 1.1.1.1'])).toBe('520');
  });

  it('tests three-dimensional elements: hash:ip,port,net finds a host under any prefix it holds', () => {
    const lines = ['ipset create l hash:ip,port,ip', 'ipset add l 10.244.1.2,tcp:80,10.244.1.2', 'ipset create c hash:ip,port,net', 'ipset add c 1.2.3.4,tcp:80,10.0.0.0/8'];
    expect(list(lines, 'ipset test l 10.244.1.2,80,10.244.1.2')).toEqual({ stdout: '', stderr: 'Warning: 10.244.1.2,tcp:80,10.244.1.2 is in set l.\n', exit: 0 });
    expect(list(lines, 'ipset test l 10.244.1.2,tcp:81,10.244.1.2')).toEqual({ stdout: '', stderr: '10.244.1.2,tcp:81,10.244.1.2 is NOT in set l.\n', exit: 1 });
    expect(list(lines, 'ipset test c 1.2.3.4,tcp:80,10.9.9.9')).toEqual({ stdout: '', stderr: 'Warning: 1.2.3.4,tcp:80,10.9.9.9 is in set c.\n', exit: 0 });
    expect(list(lines, 'ipset test c 1.2.3.4,tcp:80,10.0.0.0/8')).toEqual({ stdout: '', stderr: 'Warning: 1.2.3.4,tcp:80,10.0.0.0/8 is in set c.\n', exit: 0 });
    expect(list(lines, 'ipset test c 1.2.3.4,tcp:80,10.0.0.0/16')).toEqual({ stdout: '', stderr: '1.2.3.4,tcp:80,10.0.0.0/16 is NOT in set c.\n', exit: 1 });
  });

  it('refuses three-dimensional elements and comments as ipset does', () => {
    expect(
      issues([
        'ipset create l hash:ip,port,ip',
        'ipset create c hash:ip,port,net comment',
        'ipset add l 10.244.1.2,tcp:80',
        'ipset add l 10.244.1.2,tcp:80,10.0.0.0/24',
        'ipset add l 10.244.1.2',
        'ipset add c 1.2.3.4,tcp:80,10.0.0.0/0',
        'ipset add c 1.2.3.4,tcp:80,10.0.0.0/33',
        'ipset del l 10.244.1.9,tcp:80,10.244.1.2',
        'ipset add l 1.1.1.1,80,2.2.2.2 comment "a"',
        `ipset add c 1.1.1.1,80,2.2.2.2 comment "${'x'.repeat(300)}"`,
        'ipset add c 1.1.1.1,80,2.2.2.2 comment',
      ]),
    ).toEqual([
      'ipset v7.17: Syntax error: Third element is missing from 10.244.1.2,tcp:80.',
      'ipset v7.17: Syntax error: plain IP address must be supplied: 10.0.0.0/24',
      'ipset v7.17: Syntax error: Second element is missing from 10.244.1.2.',
      'ipset v7.17: The value of the CIDR parameter of the IP address is invalid',
      "ipset v7.17: Syntax error: '33' is out of range 0-32",
      "ipset v7.17: Element cannot be deleted from the set: it's not added",
      'ipset v7.17: Comment cannot be used: set was created without comment support',
      'ipset v7.17: Syntax error: Comment is longer than the maximum allowed 255 characters',
      "ipset v7.17: Missing mandatory argument of option `comment'\nTry `ipset help' for more information.",
    ]);
  });

  it('saves as create/add lines, lists names with -n and headers with -t', () => {
    const lines = ['ipset create bl hash:ip hashsize 100 maxelem 10', 'ipset add bl 2.2.2.2', 'ipset create p bitmap:port range 10-20', 'ipset add p 10-12'];
    expect(list(lines, 'ipset save').stdout.replace(INITVAL, ' initval X')).toBe(
      'create bl hash:ip family inet hashsize 128 maxelem 10 bucketsize 12 initval X\nadd bl 2.2.2.2\ncreate p bitmap:port range 10-20\nadd p 10\nadd p 11\nadd p 12\n',
    );
    expect(list(lines, 'ipset list -n').stdout).toBe('bl\np\n');
    // What save printed creates the same set again: the seed and bucket size are kept.
    expect(list(['ipset create t hash:ip initval 0x12345678 bucketsize 3'], 'ipset save').stdout).toBe('create t hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 4 initval 0x12345678\n');
    expect(list(lines, 'ipset -t list p').stdout).toBe('Name: p\nType: bitmap:port\nRevision: 3\nHeader: range 10-20\nSize in memory: 80\nReferences: 0\nNumber of entries: 3\n');
  });

  it('tests membership on stderr with its exit status; hash:net finds a host under any prefix it holds', () => {
    const lines = ['ipset create n hash:net', 'ipset add n 10.1.2.3/8', 'ipset create ipp hash:ip,port', 'ipset add ipp 1.1.1.1,80'];
    expect(list(lines, 'ipset test n 10.200.0.1')).toEqual({ stdout: '', stderr: 'Warning: 10.200.0.1 is in set n.\n', exit: 0 });
    expect(list(lines, 'ipset test n 10.0.0.0/8')).toEqual({ stdout: '', stderr: 'Warning: 10.0.0.0/8 is in set n.\n', exit: 0 });
    expect(list(lines, 'ipset test n 10.0.0.0/16')).toEqual({ stdout: '', stderr: '10.0.0.0/16 is NOT in set n.\n', exit: 1 });
    expect(list(lines, 'ipset test ipp 1.1.1.1,tcp:http')).toEqual({ stdout: '', stderr: 'Warning: 1.1.1.1,tcp:80 is in set ipp.\n', exit: 0 });
  });

  it('refuses as ipset does: existing sets and elements, -exist, ranges, timeouts, syntax', () => {
    expect(issues(['ipset create bl hash:ip', 'ipset create bl hash:ip', 'ipset create bl hash:ip -exist', 'ipset create bl hash:net -exist'])).toEqual([
      'ipset v7.17: Set cannot be created: set with the same name already exists',
      'ipset v7.17: Set cannot be created: set with the same name already exists',
    ]);
    expect(issues(['ipset create bl hash:ip', 'ipset add bl 1.2.3.4', 'ipset add bl 1.2.3.4', 'ipset -exist add bl 1.2.3.4', 'ipset del bl 9.9.9.9', 'ipset del bl 9.9.9.9 -exist'])).toEqual([
      "ipset v7.17: Element cannot be added to the set: it's already added",
      "ipset v7.17: Element cannot be deleted from the set: it's not added",
    ]);
    expect(issues(['ipset add nope 1.1.1.1', 'ipset create bl hash:ip', 'ipset add bl 1.1.1.1 timeout 5', 'ipset add bl 1.1.1.300'])).toEqual([
      'ipset v7.17: The set with the given name does not exist',
      'ipset v7.17: Timeout cannot be used: set was created without timeout support',
      'ipset v7.17: Syntax error: cannot parse 1.1.1.300: resolving to IPv4 address failed',
    ]);
    expect(issues(['ipset create n hash:net', 'ipset add n 10.0.0.0/33', 'ipset create x hash:foo', 'ipset create p bitmap:port range 10-20', 'ipset add p 5-12', 'ipset add p x'])).toEqual([
      "ipset v7.17: Syntax error: '33' is out of range 0-32",
      "ipset v7.17: Syntax error: typename 'hash:foo' is unknown",
      'ipset v7.17: Element is out of the range of the set',
      "ipset v7.17: Syntax error: 'x' is invalid as number\nSyntax error: 'tcp' is invalid as number\ncannot parse 'x' as a tcp port",
    ]);
    expect(issues(['ipset create ipp hash:ip,port', 'ipset add ipp 1.1.1.1', 'ipset add ipp 1.1.1.1,foo:5', 'ipset add ipp 1.1.1.1,65536'])).toEqual([
      'ipset v7.17: Syntax error: Second element is missing from 1.1.1.1.',
      "ipset v7.17: Syntax error: cannot parse 'foo' as a protocol",
      "ipset v7.17: Syntax error: '65536' is out of range 0-65535\nSyntax error: 'tcp' is invalid as number\ncannot parse '65536' as a tcp port",
    ]);
    expect(issues(['ipset flush nope', 'ipset destroy nope', 'ipset create x bitmap:port'])).toEqual([
      'ipset v7.17: The set with the given name does not exist',
      'ipset v7.17: The set with the given name does not exist',
      "ipset v7.17: Mandatory option `range' is missing\nTry `ipset help' for more information.",
    ]);
    expect(configError('ipset frob').message).toBe("ipset v7.17: No command specified: unknown argument frob\nTry `ipset help' for more information.");
    expect(configError('ipset create z').message).toBe("ipset v7.17: Missing second mandatory argument to command create\nTry `ipset help' for more information.");
    expect(issues(['ipset create z hash:ip bogus 1'])).toEqual(["ipset v7.17: Unknown argument: `bogus'\nTry `ipset help' for more information."]);
  });

  it('restore reads its here-document as restore mode does: what save printed creates the same sets; blank lines, # comments and COMMIT are skipped', () => {
    const saved = list(['ipset create A hash:ip,port,ip comment initval 0x01020304', 'ipset add A 1.1.1.1,80,2.2.2.2 comment "x y"', 'ipset create B bitmap:port range 0-100', 'ipset add B 5'], 'ipset save').stdout;
    expect(saved).toBe('create A hash:ip,port,ip family inet hashsize 1024 maxelem 65536 comment bucketsize 12 initval 0x01020304\nadd A 1.1.1.1,tcp:80,2.2.2.2 comment "x y"\ncreate B bitmap:port range 0-100\nadd B 5\n');
    const lines = saved.trimEnd().split('\n');
    expect(list(["ipset restore <<'EOF'", '# saved', lines[0]!, lines[1]!, '', lines[2]!, lines[3]!, 'COMMIT', 'EOF'], 'ipset save').stdout).toBe(saved);
    expect(list(["ipset -R <<'EOF'", 'create C hash:ip', 'EOF', "ipset -exist restore <<'EOF'", 'create C hash:ip', 'add C 1.1.1.1', 'EOF'], 'ipset save C').stdout.replace(INITVAL, '')).toBe(
      'create C hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12\nadd C 1.1.1.1\n',
    );
  });

  it('restore stops at the first refusal, keeping what the lines before it did; the kernel and element errors name the line of the input', () => {
    const r = runCommand(routed(["ipset restore <<'EOF'", 'create A hash:ip', 'add A 1.1.1.1', 'add A 1.1.1.1', 'add A 1.1.1.9', 'EOF']), 'router', 'ipset save');
    expect(r.configIssues.map((i) => [i.line, i.message])).toEqual([[7, "ipset v7.17: Error in line 3: Element cannot be added to the set: it's already added"]]);
    expect(r.stdout.replace(INITVAL, '')).toBe('create A hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12\nadd A 1.1.1.1\n');
    expect(issues(["ipset restore <<'EOF'", 'create A hash:ip', '', 'add A 1.1.1.300', 'EOF'])).toEqual(['ipset v7.17: Error in line 3: Syntax error: cannot parse 1.1.1.300: resolving to IPv4 address failed']);
    expect(issues(["ipset restore <<'EOF'", 'add nope 1.1.1.1', 'EOF'])).toEqual(['ipset v7.17: Error in line 1: The set with the given name does not exist']);
    // Usage errors end the input without a line number (status 2).
    expect(issues(["ipset restore <<'EOF'", 'create A hash:ip', 'create B', 'EOF'])).toEqual(["ipset v7.17: Missing second mandatory argument to command create\nTry `ipset help' for more information."]);
    expect(issues(["ipset restore <<'EOF'", 'restore', 'EOF'])).toEqual(["ipset v7.17: Command `restore' is invalid in restore mode.\nTry `ipset help' for more information."]);
    expect(issues(["ipset restore <<'EOF'", 'bogus A 1', 'EOF'])).toEqual(["ipset v7.17: No command specified: unknown argument bogus\nTry `ipset help' for more information."]);
    expect(configError('ipset restore').message).toBe("hairpin: ipset restore would wait for its input: give it a here-document (ipset restore <<'EOF' … EOF)");
  });

  it('an address with a /CIDR stands for each address (and each port of a range), added one after another until the first refusal, as the kernel\'s uadt loop goes', () => {
    // What the set holds after the config ran, refused lines and all.
    const saved = (lines: string[], set: string) => viewOn(runCommand(routed(lines), 'router', 'true').network, 'router', `ipset save ${set}`).stdout.split('\n').slice(1, -1);
    expect(saved(['ipset create b hash:ip,port', 'ipset add b 10.0.0.0/31,tcp:80-81'], 'b')).toEqual(['add b 10.0.0.0,tcp:80', 'add b 10.0.0.0,tcp:81', 'add b 10.0.0.1,tcp:80', 'add b 10.0.0.1,tcp:81']);
    expect(saved(['ipset create d hash:ip,port,ip', 'ipset add d 10.0.0.0/31,80,1.1.1.1'], 'd')).toEqual(['add d 10.0.0.0,tcp:80,1.1.1.1', 'add d 10.0.0.1,tcp:80,1.1.1.1']);
    expect(saved(['ipset create e hash:ip,port,net', 'ipset add e 10.0.0.1/31,80,1.1.1.0/24'], 'e')).toEqual(['add e 10.0.0.0,tcp:80,1.1.1.0/24', 'add e 10.0.0.1,tcp:80,1.1.1.0/24']);
    // FROM-TO, either way round.
    expect(saved(['ipset create z hash:ip', 'ipset add z 10.0.0.1-10.0.0.3', 'ipset add z 10.0.0.9-10.0.0.8'], 'z')).toEqual(['add z 10.0.0.1', 'add z 10.0.0.2', 'add z 10.0.0.3', 'add z 10.0.0.8', 'add z 10.0.0.9']);
    expect(saved(['ipset create b hash:ip,port', 'ipset add b 10.0.0.1-10.0.0.2,80'], 'b')).toEqual(['add b 10.0.0.1,tcp:80', 'add b 10.0.0.2,tcp:80']);
    expect(issues(['ipset create z hash:ip', 'ipset add z 10.0.0.1-10.0.0.300', 'ipset add z 10.0.0.1-'])).toEqual([
      'ipset v7.17: Syntax error: cannot parse 10.0.0.300: resolving to IPv4 address failed',
      'ipset v7.17: Syntax error: cannot parse 10.0.0.1-: resolving to IPv4 address failed',
    ]);
    // A FROM-TO range in a network place is the largest aligned networks covering it (ip_set_range_to_cidr).
    expect(saved(['ipset create n hash:net', 'ipset add n 10.0.0.1-10.0.0.10', 'ipset add n 10.0.0.20-10.0.0.16'], 'n')).toEqual(['add n 10.0.0.1', 'add n 10.0.0.2/31', 'add n 10.0.0.4/30', 'add n 10.0.0.8/31', 'add n 10.0.0.10', 'add n 10.0.0.16/30', 'add n 10.0.0.20']);
    expect(saved(['ipset create n hash:net', 'ipset add n 10.0.0.1-10.0.0.10', 'ipset del n 10.0.0.2-10.0.0.5'], 'n')).toEqual(['add n 10.0.0.1', 'add n 10.0.0.4/30', 'add n 10.0.0.8/31', 'add n 10.0.0.10']);
    expect(saved(['ipset create p hash:ip,port,net', 'ipset add p 1.1.1.1,80,10.0.0.0-10.0.0.2'], 'p')).toEqual(['add p 1.1.1.1,tcp:80,10.0.0.0/31', 'add p 1.1.1.1,tcp:80,10.0.0.2']);
    // maxelem 2: the first two addresses of the /30 stay, then the set is full.
    const full = ['ipset create s hash:ip maxelem 2', 'ipset add s 10.0.0.0/30'];
    expect(issues(full)).toEqual(['ipset v7.17: Hash is full, cannot add more elements']);
    expect(saved(full, 's')).toEqual(['add s 10.0.0.0', 'add s 10.0.0.1']);
    // del stops at the first address that is not there: 10.0.0.2 stays.
    const del = ['ipset create z hash:ip', 'ipset add z 10.0.0.0', 'ipset add z 10.0.0.2', 'ipset del z 10.0.0.0/30'];
    expect(issues(del)).toEqual(["ipset v7.17: Element cannot be deleted from the set: it's not added"]);
    expect(saved(del, 'z')).toEqual(['add z 10.0.0.2']);
    expect(issues(['ipset create z hash:ip', 'ipset add z 10.0.0.0/0', 'ipset create b hash:ip,port', 'ipset add b 10.0.0.0/0,80'])).toEqual([
      'ipset v7.17: The value of the CIDR parameter of the IP address is invalid',
      'ipset v7.17: The value of the CIDR parameter of the IP address is invalid',
    ]);
  });

  it('test looks up one element: hash:ip the address as written, and a range is refused by the types of two or three dimensions', () => {
    const lines = ['ipset create z hash:ip', 'ipset add z 10.0.0.0', 'ipset create b hash:ip,port', 'ipset add b 10.0.0.0,tcp:80'];
    expect(list(lines, 'ipset test z 10.0.0.0/30')).toEqual({ stdout: '', stderr: 'Warning: 10.0.0.0/30 is in set z.\n', exit: 0 });
    expect(list(lines, 'ipset test z 10.0.0.1/30')).toEqual({ stdout: '', stderr: '10.0.0.1/30 is NOT in set z.\n', exit: 1 });
    expect(list(lines, 'ipset test z 10.0.0.0-10.0.0.3')).toEqual({ stdout: '', stderr: 'Warning: 10.0.0.0-10.0.0.3 is in set z.\n', exit: 0 });
    expect(list(['ipset create n hash:net'], 'ipset test n 10.0.0.1-10.0.0.10')).toEqual({ stdout: '', stderr: 'ipset v7.17: FROM-TO IP range is not allowed in command test with set type hash:net and family inet\n', exit: 1 });
    expect(list(lines, 'ipset test b 10.0.0.0,tcp:80-81')).toEqual({ stdout: '', stderr: 'ipset v7.17: FROM-TO port range is not allowed in command test with set type hash:ip,port and family inet\n', exit: 1 });
    expect(list(lines, 'ipset test b 10.0.0.0/31,tcp:80')).toEqual({ stdout: '', stderr: 'ipset v7.17: IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet\n', exit: 1 });
  });

  it('nomatch: an entry of a net type that says no for what it holds, the most specific entry deciding; test nomatch asks for one', () => {
    const lines = ['ipset create n hash:net', 'ipset add n 10.0.0.0/8', 'ipset add n 10.1.0.0/16 nomatch'];
    expect(list(lines, 'ipset test n 10.1.2.3')).toEqual({ stdout: '', stderr: '10.1.2.3 is NOT in set n.\n', exit: 1 });
    expect(list(lines, 'ipset test n 10.2.2.3')).toEqual({ stdout: '', stderr: 'Warning: 10.2.2.3 is in set n.\n', exit: 0 });
    expect(list(lines, 'ipset test n 10.1.0.0/16')).toEqual({ stdout: '', stderr: '10.1.0.0/16 is NOT in set n.\n', exit: 1 });
    expect(list(lines, 'ipset test n 10.1.1.1 nomatch')).toEqual({ stdout: '', stderr: 'Warning: 10.1.1.1 is in set n.\n', exit: 0 });
    expect(list(lines, 'ipset test n 10.0.0.0/8 nomatch')).toEqual({ stdout: '', stderr: '10.0.0.0/8 is NOT in set n.\n', exit: 1 });
    expect(list(lines, 'ipset save n').stdout.replace(INITVAL, '')).toBe('create n hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12\nadd n 10.0.0.0/8\nadd n 10.1.0.0/16 nomatch\n');
    // After the timeout, before the comment; -exist re-adds without the flag.
    expect(list(['ipset create t hash:net timeout 50 comment', 'ipset add t 10.1.0.0/16 nomatch comment "x" timeout 20'], 'ipset save t').stdout).toContain('add t 10.1.0.0/16 timeout 19 nomatch comment "x"\n');
    expect(list([...lines, 'ipset -exist add n 10.1.0.0/16'], 'ipset save n').stdout).toContain('add n 10.1.0.0/16\n');
    expect(issues(['ipset create i hash:ip', 'ipset add i 1.1.1.1 nomatch', ...lines, 'ipset del n 10.1.0.0/16 nomatch', 'ipset add n 10.1.0.0/16'])).toEqual([
      "ipset v7.17: Unknown argument: `nomatch'\nTry `ipset help' for more information.",
      "ipset v7.17: Unknown argument: `nomatch'\nTry `ipset help' for more information.",
      "ipset v7.17: Element cannot be added to the set: it's already added",
    ]);
  });

  it('renames (not onto a name in use, not while a rule holds it) and swaps contents of sets of one type', () => {
    expect(list(['ipset create a hash:ip', 'ipset create b hash:ip', 'ipset add b 7.7.7.7', 'ipset swap a b', 'ipset rename b b2'], 'ipset save').stdout.replace(INITVAL, '')).toBe(
      'create a hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12\nadd a 7.7.7.7\ncreate b2 hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12\n',
    );
    expect(issues(['ipset create a hash:ip', 'ipset create b hash:ip', 'ipset create c hash:net', 'ipset rename nope x', 'ipset rename a b', 'ipset swap a c', 'ipset swap a nope'])).toEqual([
      'ipset v7.17: The set with the given name does not exist',
      'ipset v7.17: Set cannot be renamed: a set with the new name already exists',
      'ipset v7.17: The sets cannot be swapped: their type does not match',
      'ipset v7.17: Sets cannot be swapped: the second set does not exist',
    ]);
    expect(issues(['ipset create b hash:ip', 'iptables -A INPUT -m set --match-set b src', 'ipset rename b b2'])).toEqual(['ipset v7.17: Set cannot be renamed: it is in use by another system']);
    // Swapping keeps the references with the name: the rule still holds "b".
    expect(list(['ipset create a hash:ip', 'ipset create b hash:ip', 'iptables -A INPUT -m set --match-set b src', 'ipset add a 7.7.7.7', 'ipset swap b a'], 'ipset list b').stdout).toContain('References: 1\nNumber of entries: 1\nMembers:\n7.7.7.7\n');
    expect(configError('ipset rename a2').message).toBe("ipset v7.17: Missing second mandatory argument to command rename\nTry `ipset help' for more information.");
  });

  it('forgets an element when its timeout runs out (virtual time), and flush/destroy empty and remove sets', () => {
    const r = run(routed(['ipset create t hash:ip timeout 2', 'ipset add t 1.1.1.1', 'ipset add t 2.2.2.2 timeout 0']), 'router', 'sleep 3');
    expect(viewOn(r.network, 'router', 'ipset save t').stdout.replace(INITVAL, '')).toBe('create t hash:ip family inet hashsize 1024 maxelem 65536 timeout 2 bucketsize 12\nadd t 2.2.2.2 timeout 0\n');
    expect(list(['ipset create a hash:ip', 'ipset add a 1.1.1.1', 'ipset flush', 'ipset create b hash:ip', 'ipset destroy b'], 'ipset list').stdout).toContain('Number of entries: 0\nMembers:\n');
    expect(list(['ipset create a hash:ip', 'ipset create b hash:ip', 'ipset destroy'], 'ipset list -n').stdout).toBe('');
  });
});
