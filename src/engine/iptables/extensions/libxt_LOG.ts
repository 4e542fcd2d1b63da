import { formatIp4 } from '../../addr/ipv4';
import { iptError } from '../../command/iptables-values';
import { saveString, type XtTargetType } from '../xtables';

/* libxt_LOG (ipt_LOG): a line in the kernel log (here, the trace) per packet; the rule goes on. */

export interface LogInfo {
  name: 'LOG';
  prefix?: string;
  level: number;
  tcpSequence: boolean;
  tcpOptions: boolean;
  ipOptions: boolean;
  uid: boolean;
}

const LOG_LEVELS: Record<string, number> = { alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4, warn: 4 };
const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export const LOG: XtTargetType<LogInfo> = {
  kind: 'target',
  name: 'LOG',
  detail: 'log the packet and go on',
  options: [
    { name: 'log-level', hasArg: true, values: Object.keys(LOG_LEVELS) },
    { name: 'log-prefix', hasArg: true, detail: 'LOG prefix' },
    ...['log-tcp-sequence', 'log-tcp-options', 'log-ip-options', 'log-uid', 'log-macdecode'].map((name) => ({ name, hasArg: false })),
  ],
  parser() {
    const log: LogInfo = { name: 'LOG', level: 4, tcpSequence: false, tcpOptions: false, ipOptions: false, uid: false };
    return {
      parse(option, value, _i, column) {
        if (option === 'log-level') {
          const level = /^[0-7]$/.test(value) ? Number(value) : LOG_LEVELS[value.toLowerCase()];
          if (level === undefined) throw iptError(column, `log level "${value}" unknown\n`);
          log.level = level;
        } else if (option === 'log-prefix') {
          if (value.length > 29) throw iptError(column, 'Maximum prefix length 29 for --log-prefix');
          if (value.includes('\n')) throw iptError(column, 'Newlines not allowed in --log-prefix');
          log.prefix = value;
        } else if (option === 'log-tcp-sequence') log.tcpSequence = true;
        else if (option === 'log-tcp-options') log.tcpOptions = true;
        else if (option === 'log-ip-options') log.ipOptions = true;
        else if (option === 'log-uid') log.uid = true;
      },
      finish: () => log,
    };
  },
  target: ({ prefix }) => ({
    run: (c) => {
      const p = c.skb.pkt;
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: p, reason: { code: 'nf_log', prefix: prefix ?? '', in: c.inDev?.name ?? '', out: c.outDev?.name ?? '', src: p.src, dst: p.dst, ttl: p.ttl } });
      return 'CONTINUE';
    },
  }),
  save(info) {
    const parts = ['-j LOG'];
    if (info.prefix) parts.push(`--log-prefix ${saveString(info.prefix)}`);
    if (info.level !== 4) parts.push(`--log-level ${info.level}`);
    return parts.join(' ');
  },
  print(info, f) {
    const prefix = info.prefix ? ` prefix "${info.prefix}"` : '';
    return f.numeric ? ` LOG flags 0 level ${info.level}${prefix}` : ` LOG level ${LEVEL_NAMES[info.level] ?? `UNKNOWN level ${info.level}`}${prefix}`;
  },
};
