import { CommandError, matches } from './args';
import type { Word } from './types';

/*
 * iproute2 6.1's `bridge link` (bridge/link.c): `show [dev DEV]` lists the bridge ports, `set
 * dev DEV hairpin on|off` changes a port's flag. `bridge -d` adds each port's flags. Other port
 * flags are not simulated.
 */

export interface BridgeLinkShow {
  kind: 'bridge-link-show';
  dev?: Word;
  details: boolean;
}

export interface BridgeLinkSet {
  kind: 'bridge-link-set';
  dev: Word;
  /** Absent: the request carries no flag (iproute2 still sends it). */
  hairpin?: boolean;
  /** Where it came from: the bridge tool, or `echo N > /sys/class/net/DEV/brport/hairpin_mode`. */
  via: 'bridge' | 'sysfs';
  /** sysfs: the text written was not a number (kstrtoul's EINVAL). */
  invalid?: boolean;
}

/** `bridge [-d] link …`: true when these words (after `bridge`) are a link command. */
export function isBridgeLink(words: readonly Word[]): boolean {
  const object = words.find((w) => !w.text.startsWith('-'));
  return object !== undefined && matches(object.text, 'link');
}

const usageError = (column: number) => new CommandError(column, USAGE, 255);

export function parseBridgeLink(words: readonly Word[], column: number): BridgeLinkShow | BridgeLinkSet {
  let details = false;
  let i = 0;
  for (; i < words.length && words[i]!.text.startsWith('-'); i++) {
    const opt = words[i]!.text.replace(/^--?/, '-');
    if (matches(opt, '-details')) details = true;
    else throw new CommandError(words[i]!.column, `hairpin: bridge option '${words[i]!.text}' is not simulated`, 2);
  }
  const rest = words.slice(i + 1);
  const verb = rest[0];
  if (!verb || matches(verb.text, 'show') || matches(verb.text, 'list') || matches(verb.text, 'lst')) {
    // brlink_show reads `dev NAME` and skips any other word.
    const show: BridgeLinkShow = { kind: 'bridge-link-show', details };
    for (let j = 1; j < rest.length; j++) {
      if (rest[j]!.text !== 'dev') continue;
      const name = rest[++j];
      if (!name) throw new CommandError(rest[j - 1]!.column, 'Command line is not complete. Try option "help"', 255);
      show.dev = name;
    }
    return show;
  }
  if (!matches(verb.text, 'set') && !matches(verb.text, 'change')) throw new CommandError(verb.column, `Command "${verb.text}" is unknown, try "bridge link help".`, 255);
  let dev: Word | undefined;
  let hairpin: boolean | undefined;
  for (let j = 1; j < rest.length; j++) {
    const w = rest[j]!;
    const value = rest[j + 1];
    if (w.text === 'dev' || w.text === 'hairpin') {
      if (!value) throw new CommandError(w.column, 'Command line is not complete. Try option "help"', 255);
      j++;
      if (w.text === 'dev') dev = value;
      else if (value.text === 'on' || value.text === 'off') hairpin = value.text === 'on';
      else throw new CommandError(value.column, `Error: argument of "hairpin" must be one of "off", "on", not "${value.text}"`, 255);
    } else if (SET_KEYWORDS.includes(w.text)) throw new CommandError(w.column, `hairpin: bridge link set ${w.text} is not simulated (only hairpin)`, 2);
    else throw usageError(w.column);
  }
  if (!dev) throw new CommandError(column, 'Device is a required argument.', 255);
  return { kind: 'bridge-link-set', dev, hairpin, via: 'bridge' };
}

const SET_KEYWORDS = ['cost', 'priority', 'state', 'guard', 'fastleave', 'root_block', 'learning', 'learning_sync', 'flood', 'mcast_router', 'mcast_flood', 'bcast_flood', 'mcast_to_unicast', 'neigh_suppress', 'vlan_tunnel', 'isolated', 'locked', 'hwmode', 'backup_port', 'nobackup_port', 'self', 'master'];

const USAGE = `Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]
                               [ guard {on | off} ]
                               [ hairpin {on | off} ]
                               [ fastleave {on | off} ]
                               [ root_block {on | off} ]
                               [ learning {on | off} ]
                               [ learning_sync {on | off} ]
                               [ flood {on | off} ]
                               [ mcast_router MULTICAST_ROUTER ]
                               [ mcast_flood {on | off} ]
                               [ bcast_flood {on | off} ]
                               [ mcast_to_unicast {on | off} ]
                               [ neigh_suppress {on | off} ]
                               [ vlan_tunnel {on | off} ]
                               [ isolated {on | off} ]
                               [ locked {on | off} ]
                               [ hwmode {vepa | veb} ]
                               [ backup_port DEVICE ] [ nobackup_port ]
                               [ self ] [ master ]
       bridge link show [dev DEV]`;

/** /sys/class/net/DEV/brport/hairpin_mode, as a write to it names the port. */
export const BRPORT_HAIRPIN = /^\/sys\/class\/net\/([^/]+)\/brport\/hairpin_mode$/;

/**
 * `echo N > /sys/class/net/DEV/brport/hairpin_mode` (br_sysfs_if.c store_hairpin_mode): the
 * same flag as `bridge link set dev DEV hairpin`; kstrtoul decides what is a number.
 */
export function parseBrportWrite(text: string, target: Word): BridgeLinkSet | undefined {
  const m = BRPORT_HAIRPIN.exec(target.text);
  if (!m) return undefined;
  const v = text.trim();
  const hairpin = /^\+?\d+$/.test(v) ? Number(v) !== 0 : undefined;
  return { kind: 'bridge-link-set', dev: { text: m[1]!, column: target.column }, hairpin, via: 'sysfs', invalid: hairpin === undefined };
}
