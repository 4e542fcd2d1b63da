import { iptError } from '../../command/iptables-values';
import { saveString, type XtTargetType } from '../xtables';

/*
 * libxt_LOG (xt_LOG): one line per packet in the kernel log, as nf_log_syslog writes it
 * (`dmesg` prints it; the trace shows it too); the rule goes on.
 */

export interface LogInfo {
  name: 'LOG';
  prefix?: string;
  level: number;
  tcpSequence: boolean;
  tcpOptions: boolean;
  ipOptions: boolean;
  uid: boolean;
  macDecode?: boolean;
}

/** libxt_LOG's log_names, as --log-level takes them (case matters). */
const LOG_LEVELS: Record<string, number> = { alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4 };
/** How -L names a level. */
const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];
/** xt_log_info.prefix is 30 bytes: longer prefixes are cut to 29 characters. */
const PREFIX_MAX = 29;
/** The --log-* flags in XT_LOG_* bit order, with how -S and -L name them. */
const FLAGS = [
  { key: 'tcpSequence', option: 'log-tcp-sequence', bit: 0x01, list: 'tcp-sequence' },
  { key: 'tcpOptions', option: 'log-tcp-options', bit: 0x02, list: 'tcp-options' },
  { key: 'ipOptions', option: 'log-ip-options', bit: 0x04, list: 'ip-options' },
  { key: 'uid', option: 'log-uid', bit: 0x08, list: 'uid' },
  { key: 'macDecode', option: 'log-macdecode', bit: 0x20, list: 'macdecode' },
] as const;

export const LOG: XtTargetType<LogInfo> = {
  kind: 'target',
  name: 'LOG',
  detail: 'log the packet and go on',
  options: [
    { name: 'log-level', hasArg: true, values: Object.keys(LOG_LEVELS) },
    { name: 'log-prefix', hasArg: true, detail: 'LOG prefix' },
    ...FLAGS.map((f) => ({ name: f.option, hasArg: false })),
  ],
  parser() {
    const log: LogInfo = { name: 'LOG', level: 4, tcpSequence: false, tcpOptions: false, ipOptions: false, uid: false };
    return {
      parse(option, value, _i, column) {
        if (option === 'log-level') {
          const level = /^[0-7]$/.test(value) ? Number(value) : LOG_LEVELS[value];
          if (level === undefined) throw iptError(column, `log level "${value}" unknown\n`);
          log.level = level;
        } else if (option === 'log-prefix') {
          if (value.includes('\n')) throw iptError(column, 'Newlines not allowed in --log-prefix');
          log.prefix = value.slice(0, PREFIX_MAX);
        } else {
          const flag = FLAGS.find((f) => f.option === option)!;
          log[flag.key] = true;
        }
      },
      finish: () => log,
    };
  },
  target: (info) => ({
    run: (c) => {
      const line = c.stack.nf.xt.log(c.skb, c.hook, { level: info.level, tcpSequence: info.tcpSequence, tcpOptions: info.tcpOptions, ipOptions: info.ipOptions, uid: info.uid, macDecode: info.macDecode ?? false }, info.prefix ?? '', c.inDev, c.outDev);
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_log', line } });
      return 'CONTINUE';
    },
  }),
  save(info) {
    const parts = ['-j LOG'];
    if (info.prefix) parts.push(`--log-prefix ${saveString(info.prefix)}`);
    if (info.level !== 4) parts.push(`--log-level ${info.level}`);
    for (const f of FLAGS) if (info[f.key]) parts.push(`--${f.option}`);
    return parts.join(' ');
  },
  print(info, f) {
    const prefix = info.prefix ? ` prefix "${info.prefix}"` : '';
    if (f.numeric) return ` LOG flags ${FLAGS.reduce((bits, flag) => (info[flag.key] ? bits | flag.bit : bits), 0)} level ${info.level}${prefix}`;
    const flags = FLAGS.filter((flag) => info[flag.key]).map((flag) => ` ${flag.list}`).join('');
    return ` LOG level ${LEVEL_NAMES[info.level] ?? `UNKNOWN level ${info.level}`}${flags}${prefix}`;
  },
};
