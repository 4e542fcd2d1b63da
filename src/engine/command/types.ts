import type { BridgeLinkSet, BridgeLinkShow } from './bridge-link';
import type { ModprobeCommand } from './modprobe';
import type { Ip4 } from '../addr/ipv4';
import type { DmesgCommand } from './dmesg';
import type { HttpServerCommand } from './http-server';
import type { IpsetCommand } from './ipset';
import type { NetnsCommand } from './netns';
import type { NfacctCommand } from './nfacct';
import type { IpvsadmCommand } from './ipvsadm';
import type { NftCommandLine } from './nft';
import type { TimeoutCommand } from './timeout';
import type { BrctlCommand } from './brctl';
import type { IpCommand } from './types-ip';
import type { IptablesCommand, IptablesRestoreCommand, IptablesSaveCommand } from './types-iptables';
import type { ArpingCommand, BridgeFdbChange, BridgeFdbShow, ConntrackCommand, CurlCommand, DigCommand, DnsmasqCommand, EchoCommand, GrepCommand, HostCommand, NcConnect, NcListen, PingCommand, PrintfCommand, SleepCommand, TracerouteCommand, TrueCommand } from './types-tools';

export type * from './types-ip';
export type * from './types-iptables';
export type * from './types-tools';

/**
 * Typed commands: what one simple command of a config or flow line means. Values are parsed
 * and range-checked the way the real tool does before it talks to the kernel; whatever needs
 * the device's state (does eth7 exist, is table name "isp1" in rt_tables, is that sysctl key
 * real) is left to the kernel model, with the raw text kept for its error message.
 */

/** A word of the command line with its 1-based column (for errors raised later). */
export interface Word {
  text: string;
  column: number;
}

/** An IPv4 prefix. `len` 32 for a host. */
export interface Cidr {
  addr: Ip4;
  len: number;
}

/** A value with iptables' `!` (or ip rule's `not`). */
export interface Negatable<T> {
  value: T;
  negated: boolean;
}

/** A routing table: a number, or a name still to resolve against rt_tables. */
export type TableRef =
  | { kind: 'id'; id: number }
  | {
      kind: 'name';
      name: string;
      column: number;
      /** What `ip` prints when the name is not in rt_tables (it differs between route and rule). */
      unknownError: string;
    };

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';

/** A route scope: rtm_scope numbers (global 0, site 200, link 253, host 254, nowhere 255). */
export type Scope = number;
export const SCOPE = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;

export const RT_TABLE = { unspec: 0, default: 253, main: 254, local: 255 } as const;

// ----------------------------------------------------------------------------------- sysctl & files

export interface SysctlCommand {
  kind: 'sysctl';
  /** Keys normalised to dotted form: net.ipv4.conf.eth0.rp_filter. */
  writes: { key: string; value: string; column: number }[];
  reads: { key: string; column: number }[];
  /** `echo V > /proc/sys/...` (no output) or sysctl (prints "key = value" unless -q). */
  via: 'sysctl' | 'proc';
  quiet: boolean;
  /** -n: print values only. */
  valuesOnly: boolean;
  /** -e: a key that does not exist is not an error. */
  ignoreUnknown?: boolean;
  /** -p [FILE…] (none: /etc/sysctl.conf) or --system: settings read from files when it runs. */
  load?: Word[] | 'system';
  /** -a (-A, -X, --all): every setting, or those `pattern` (-r, --pattern: an extended regex) finds in the name. */
  all?: boolean;
  pattern?: { source: string; column: number };
  /** -N: print names only. */
  namesOnly?: boolean;
  /** An option without its argument: this message, then sysctl's usage on stdout, exit 0. */
  usage?: string;
}

export interface HostsEntry {
  address: Ip4;
  names: string[];
}

export type FileWrite =
  | { file: '/etc/hosts'; entries: HostsEntry[] }
  | { file: '/etc/resolv.conf'; nameservers: Ip4[]; lines: string[] }
  | { file: '/etc/iproute2/rt_tables'; entries: { id: number; name: string }[] }
  /** xt_recent's list file: `+ADDR`, `-ADDR` or `/`, as the kernel reads it. */
  | { file: `/proc/net/xt_recent/${string}`; list: string };

export type FileWriteCommand = FileWrite & {
  kind: 'file-write';
  append: boolean;
  /** The text written, with its newline. */
  text: string;
};

/** A file the simulator keeps as text for a tool that reads it later (`sysctl -p`, `iptables-restore FILE`). */
export interface TextFileCommand {
  kind: 'text-file';
  path: string;
  append: boolean;
  text: string;
}

export interface CatCommand {
  kind: 'cat';
  paths: Word[];
}

/** `{ LIST; }` or `( LIST )` in a config script: its commands run in order, its status is the last one's. */
export interface GroupCommand {
  kind: 'group';
  subshell: boolean;
  /** `bash -c '…'` / `sh -c '…'`: the shell that runs the string. */
  shell?: string;
  list: ShellList<ConfigCommand>;
}

/** `set -e` / `set +e` (and options that change nothing here): errexit stops the script at an untested failure. */
export interface SetCommand {
  kind: 'set';
  errexit?: boolean;
}

export type ConfigCommand =
  | GroupCommand
  | NetnsCommand
  | SetCommand
  | IpCommand
  | SysctlCommand
  | FileWriteCommand
  | TextFileCommand
  | IptablesCommand
  | IptablesRestoreCommand
  | NcListen
  | HttpServerCommand
  | DnsmasqCommand
  | SleepCommand
  | TrueCommand
  | ConntrackCommand
  | IpsetCommand
  | NfacctCommand
  | IpvsadmCommand
  | NftCommandLine
  | BridgeFdbChange
  | ModprobeCommand
  | BridgeLinkSet;

export type FlowCommand =
  | PingCommand
  | NetnsCommand
  | NcConnect
  | CurlCommand
  | DigCommand
  | HostCommand
  | TracerouteCommand
  | ArpingCommand
  | SleepCommand
  | TrueCommand
  | IpCommand
  | IptablesCommand
  | IptablesSaveCommand
  | ConntrackCommand
  | BridgeFdbShow
  | BrctlCommand
  | BridgeFdbChange
  | BridgeLinkShow
  | BridgeLinkSet
  | ModprobeCommand
  | CatCommand
  | SysctlCommand
  | EchoCommand
  | PrintfCommand
  | GrepCommand
  | DmesgCommand
  | IpsetCommand
  | NfacctCommand
  | IpvsadmCommand
  | NftCommandLine
  | TimeoutCommand
  | SubstitutedCommand;

/**
 * A flow command with `$(…)` in its words: the substitutions run first (each a flow line that
 * only reads), their output replaces them (split into words unless double-quoted, trailing
 * newlines removed, as in sh), and only then is the command parsed, by the same parser.
 */
export interface SubstitutedCommand {
  kind: 'substituted';
  name: Word;
  words: SubstitutedWord[];
  /** Column just past the command's last word. */
  end: number;
}

/** A word as typed, with the `$(…)` parts it holds (offsets into `text`). */
export interface SubstitutedWord extends Word {
  substitutions: { start: number; end: number; quoted: boolean; inner: ParsedLine<FlowCommand> }[];
}

export type Command = ConfigCommand | FlowCommand;

// ---------------------------------------------------------------------------------- shell lists

/** A simple command and how it is started. */
export interface Simple<C> {
  command: C;
  /** Where the command name starts. */
  column: number;
  /** `2>/dev/null`, `>/dev/null 2>&1`: output discarded (only /dev/null redirections are allowed). */
  discardStdout: boolean;
  discardStderr: boolean;
  /** `2>&1` while stdout was not discarded: stderr goes down stdout's pipe. */
  stderrToStdout?: boolean;
  /**
   * In a pipeline `a | b | c` this is its last command, whose status is the pipeline's (as in
   * sh), and `upstream` its earlier stages in order: each one's stdout is the next one's stdin.
   */
  upstream?: Simple<C>[];
}

/** `a && b || c`: bash runs left to right; `&&` and `||` bind equally. */
export interface AndOrList<C> {
  first: Simple<C>;
  rest: { op: '&&' | '||'; cmd: Simple<C> }[];
  /** Ended by `&`: runs in the background. */
  background: boolean;
}

/** A whole line: and-or lists separated by `;` or `&`. */
export type ShellList<C> = AndOrList<C>[];

export interface LineError {
  /** 1-based; 0 for a flow line. */
  line: number;
  column: number;
  /** What the real tool prints on stderr (several lines when it prints several). */
  message: string;
  /** The status the real tool exits with. */
  exitStatus: number;
}

export type ParsedLine<C> =
  /** `lineStarts`: a line continued with `\` spans several config lines; the columns where the 2nd, 3rd… start in the joined text (script.ts placeOf). */
  | { ok: true; line: number; list: ShellList<C>; lineStarts?: number[] }
  | { ok: false; error: LineError };
