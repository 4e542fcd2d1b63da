import { iptError, parseU32 } from '../../command/iptables-values';
import type { Match } from '../../kernel/netfilter/x_tables';
import { type XtMatchType } from '../xtables';
import { getgrgid, getgrnam, getpwnam, getpwuid } from './passwd';

/* libxt_owner (xt_owner, revision 1): the user, group or existence of the packet's socket. */

export interface IdRange {
  min: number;
  max: number;
}

export interface OwnerInfo {
  name: 'owner';
  uid?: IdRange;
  gid?: IdRange;
  socketExists: boolean;
  supplGroups: boolean;
  /** XT_OWNER_* bits the rule inverts. */
  invertUid: boolean;
  invertGid: boolean;
  invertSocket: boolean;
}

const MAX_ID = 0xfffffffe;

/** owner_parse_range: a name (getpwnam/getgrnam) or N[-M], each below 2^32-1. */
function parseIds(option: string, value: string, column: number, lookup: (n: string) => number | undefined): IdRange {
  const named = lookup(value);
  if (named !== undefined) return { min: named, max: named };
  const dash = value.indexOf('-');
  const min = parseU32(dash < 0 ? value : value.slice(0, dash));
  const max = dash < 0 ? min : parseU32(value.slice(dash + 1));
  if (min === undefined || max === undefined || min > MAX_ID || max > MAX_ID) throw iptError(column, `owner: Bad value for "--${option}" option: "${value}"`);
  return { min, max };
}

const idText = (r: IdRange) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`);

/** owner_mt_print_item: a single id by name unless -n, a range as numbers. */
function idPrint(r: IdRange, numeric: boolean, name: (id: number) => string | undefined): string {
  if (r.min !== r.max) return `${r.min}-${r.max}`;
  return (!numeric && name(r.min)) || `${r.min}`;
}

export const owner: XtMatchType<OwnerInfo> = {
  kind: 'match',
  name: 'owner',
  detail: 'the sending socket\'s user or group (OUTPUT, POSTROUTING)',
  options: [
    { name: 'uid-owner', hasArg: true, detail: 'user name or id (N or N-M)', values: ['root', '0'] },
    { name: 'gid-owner', hasArg: true, detail: 'group name or id (N or N-M)', values: ['root', '0'] },
    { name: 'suppl-groups', hasArg: false, noInvert: true, detail: 'also the supplementary groups' },
    { name: 'socket-exists', hasArg: false, detail: 'the packet has a socket' },
  ],
  parser() {
    const m: Omit<OwnerInfo, 'name'> = { socketExists: false, supplGroups: false, invertUid: false, invertGid: false, invertSocket: false };
    return {
      parse(option, value, invert, column) {
        if (option === 'uid-owner') {
          m.uid = parseIds(option, value, column, getpwnam);
          m.invertUid = invert;
        } else if (option === 'gid-owner') {
          m.gid = parseIds(option, value, column, getgrnam);
          m.invertGid = invert;
        } else if (option === 'socket-exists') {
          m.socketExists = true;
          m.invertSocket = invert;
        } else {
          if (!m.gid) throw iptError(column, 'owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"');
          m.supplGroups = true;
        }
      },
      finish(column) {
        if (!m.uid && !m.gid && !m.socketExists) throw iptError(column, 'owner: At least one of --uid-owner, --gid-owner or --socket-exists is required');
        return { name: 'owner', ...m };
      },
    };
  },
  /**
   * owner_mt: a packet whose socket (skb_to_full_sk) is unknown or has no struct socket matches
   * only a rule whose every test is inverted; `! --socket-exists` refuses any socket; a socket
   * without file (the kernel's control sockets) passes only inverted uid/gid tests; otherwise
   * fsuid and fsgid are tested against the ranges. Hooks: OUTPUT and POSTROUTING; a reversed
   * range fails owner_check (EINVAL).
   */
  match(info): Omit<Match, 'info'> {
    const { uid, gid, socketExists, supplGroups, invertUid, invertGid, invertSocket } = info;
    // (match ^ invert) == 0: --suppl-groups is a match bit no `!` can clear.
    const allInverted = (!uid || invertUid) && (!gid || invertGid) && (!socketExists || invertSocket) && !supplGroups;
    const idsInverted = (!uid || invertUid) && (!gid || invertGid);
    const reversed = (uid && uid.max < uid.min) || (gid && gid.max < gid.min);
    return {
      restriction: reversed ? { tables: [], hooks: [] } : { hooks: ['OUTPUT', 'POSTROUTING'] },
      test: (c) => {
        const sk = c.skb.sk;
        if (!sk) return allInverted;
        if (socketExists && invertSocket) return false;
        const cred = sk.cred;
        if (!cred) return idsInverted;
        if (uid && (cred.uid >= uid.min && cred.uid <= uid.max) === invertUid) return false;
        // Every process runs as root with no supplementary groups: --suppl-groups adds none.
        if (gid && (cred.gid >= gid.min && cred.gid <= gid.max) === invertGid) return false;
        return true;
      },
    };
  },
  save(info) {
    const parts = ['-m owner'];
    if (info.socketExists) parts.push(`${info.invertSocket ? '! ' : ''}--socket-exists`);
    if (info.uid) parts.push(`${info.invertUid ? '! ' : ''}--uid-owner ${idText(info.uid)}`);
    if (info.gid) parts.push(`${info.invertGid ? '! ' : ''}--gid-owner ${idText(info.gid)}`);
    if (info.supplGroups) parts.push('--suppl-groups');
    return parts.join(' ');
  },
  print(info, f) {
    let s = '';
    if (info.socketExists) s += `${info.invertSocket ? ' !' : ''} owner socket exists`;
    if (info.uid) s += `${info.invertUid ? ' !' : ''} owner UID match ${idPrint(info.uid, f.numeric, getpwuid)}`;
    if (info.gid) s += `${info.invertGid ? ' !' : ''} owner GID match ${idPrint(info.gid, f.numeric, getgrgid)}`;
    if (info.supplGroups) s += ' incl. suppl. groups';
    return s;
  },
};
