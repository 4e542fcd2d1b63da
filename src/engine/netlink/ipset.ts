import { IPSET_BANNER, type IpsetCommand } from '../command/ipset';
import { parseCNumber } from '../command/args';
import type { Word } from '../command/types';
import type { IpSetParams } from '../kernel/netfilter/ipset/ip_set';
import { IP_SET_TYPES, type IpSet, type IpSetError } from '../kernel/netfilter/ipset/ip_set_core';
import type { Stack } from '../kernel/stack';
import { fail, number, parseElements, port, syntax } from './ipset_elem';
import { CommandFailure, type Output } from './libnetlink';

/*
 * ipset's side of the IP_SET netlink family: create options read for the set's type, elements
 * (ipset_elem.ts) sent to the namespace's sets, and the kernel's answers worded as ipset words
 * them (lib/errcode.c).
 */

const ERRORS: Record<IpSetError, string> = {
  'no-comment': 'Comment cannot be used: set was created without comment support',
  'set-exists': 'Set cannot be created: set with the same name already exists',
  'no-set': 'The set with the given name does not exist',
  exists: "Element cannot be added to the set: it's already added",
  'not-added': "Element cannot be deleted from the set: it's not added",
  'out-of-range': 'Element is out of the range of the set',
  'no-timeout': 'Timeout cannot be used: set was created without timeout support',
  'in-use': 'Set cannot be destroyed: it is in use by a kernel component',
  full: 'Hash is full, cannot add more elements',
  'rename-exists': 'Set cannot be renamed: a set with the new name already exists',
  referenced: 'Set cannot be renamed: it is in use by another system',
  'type-mismatch': 'The sets cannot be swapped: their type does not match',
  'no-second-set': 'Sets cannot be swapped: the second set does not exist',
};

/** How many entries one element word may stand for here (a full default set, and the refusal after it). */
const RANGE_LIMIT = 65537;

const refuse = (e: IpSetError | undefined, column?: number) => {
  if (e) throw fail(ERRORS[e], column);
};

/** create's options for the type (ipset_parse_* per option of lib/ipset_hash_*.c, lib/ipset_bitmap_port.c). */
function createParams(c: IpsetCommand, bitmap: boolean): IpSetParams {
  const p: IpSetParams = { family: 'inet', hashsize: 1024, maxelem: 65536 };
  let range = false;
  for (let i = 0; i < c.rest.length; i++) {
    const w = c.rest[i]!;
    const value = (): Word => {
      const v = c.rest[++i];
      if (!v) throw new CommandFailure(`${IPSET_BANNER}: Missing mandatory argument of option \`${w.text}'\nTry \`ipset help' for more information.`, 2, w.column);
      return v;
    };
    // The comment extension is a flag without a value.
    if (w.text === 'comment') {
      p.comment = true;
      continue;
    }
    const known = bitmap ? ['range', 'timeout'] : ['family', 'hashsize', 'maxelem', 'timeout', 'bucketsize', 'initval'];
    if (!known.includes(w.text)) {
      if (['counters', 'skbinfo', 'forceadd', 'netmask', 'markmask'].includes(w.text)) throw new CommandFailure(`hairpin: ipset's ${w.text} option is not simulated`, 2, w.column);
      throw new CommandFailure(`${IPSET_BANNER}: Unknown argument: \`${w.text}'\nTry \`ipset help' for more information.`, 2, w.column);
    }
    const v = value();
    if (w.text === 'family') {
      if (v.text === 'inet6') throw new CommandFailure('hairpin: IPv6 sets (family inet6) are not simulated', 2, v.column);
      if (v.text !== 'inet') throw syntax(`unknown family ${v.text}`, v.column);
    } else if (w.text === 'hashsize') {
      // Rounded up to a power of two, at least 64.
      const n = number(v.text, 0, 0xffffffff, v.column);
      p.hashsize = Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(n, 1))));
    } else if (w.text === 'maxelem') p.maxelem = number(v.text, 0, 0xffffffff, v.column);
    else if (w.text === 'timeout') p.timeout = number(v.text, 0, 2147483, v.column);
    else if (w.text === 'range') {
      const dash = v.text.indexOf('-');
      const a = port(dash < 0 ? v.text : v.text.slice(0, dash), 'tcp', v.column);
      const b = dash < 0 ? a : port(v.text.slice(dash + 1), 'tcp', v.column);
      [p.first, p.last] = a <= b ? [a, b] : [b, a];
      range = true;
    } else if (w.text === 'bucketsize') {
      // Rounded up to even, at most AHASH_MAX_TUNED (12).
      const n = number(v.text, 0, 255, v.column);
      p.bucketsize = Math.min(12, Math.max(2, n + (n % 2)));
    } else {
      const n = parseCNumber(v.text);
      if (n === undefined) throw syntax(`'${v.text}' is invalid as number`, v.column);
      p.initval = n;
    }
  }
  if (bitmap) {
    delete (p as Partial<IpSetParams>).hashsize;
    delete (p as Partial<IpSetParams>).maxelem;
    if (!range) throw new CommandFailure(`${IPSET_BANNER}: Mandatory option \`range' is missing\nTry \`ipset help' for more information.`, 2, c.column);
  }
  if (p.timeout === 0) delete p.timeout;
  return p;
}

/** An element's options: `timeout N` and `comment TEXT` are modelled. */
export function elementOptions(c: IpsetCommand, set: IpSet): { timeout?: number; comment?: string; nomatch: boolean } {
  let timeout: number | undefined;
  let comment: string | undefined;
  let nomatch = false;
  for (let i = 0; i < c.rest.length; i++) {
    const w = c.rest[i]!;
    // A flag of the net types' add and test (not del).
    if (w.text === 'nomatch' && set.type.nomatch && c.op !== 'del') {
      nomatch = true;
      continue;
    }
    if (w.text === 'comment' && c.op === 'add') {
      const v = c.rest[++i];
      if (!v) throw new CommandFailure(`${IPSET_BANNER}: Missing mandatory argument of option \`comment'\nTry \`ipset help' for more information.`, 2, w.column);
      // IPSET_MAX_COMMENT_SIZE.
      if (new TextEncoder().encode(v.text).length > 255) throw syntax('Comment is longer than the maximum allowed 255 characters', v.column);
      comment = v.text;
      continue;
    }
    if (w.text !== 'timeout' || c.op !== 'add') {
      if (['packets', 'bytes', 'skbmark', 'skbprio', 'skbqueue'].includes(w.text)) throw new CommandFailure(`hairpin: ipset's ${w.text} element option is not simulated`, 2, w.column);
      throw new CommandFailure(`${IPSET_BANNER}: Unknown argument: \`${w.text}'\nTry \`ipset help' for more information.`, 2, w.column);
    }
    const v = c.rest[++i];
    if (!v) throw new CommandFailure(`${IPSET_BANNER}: Missing mandatory argument of option \`timeout'\nTry \`ipset help' for more information.`, 2, w.column);
    timeout = number(v.text, 0, 2147483, v.column);
  }
  return { timeout, comment, nomatch };
}

/** The set a command names, or the kernel's "does not exist". */
export function namedSet(stack: Stack, c: IpsetCommand): IpSet {
  const set = stack.nf.ipset.find(c.set!.text);
  if (!set) throw fail(ERRORS['no-set'], c.set!.column);
  return set;
}

/** create, add, del, flush and destroy. */
export function ipset(stack: Stack, c: IpsetCommand): Output {
  const sets = stack.nf.ipset;
  const none = { stdout: '', stderr: '' };
  switch (c.op) {
    case 'create': {
      const type = IP_SET_TYPES.find((t) => t.name === c.arg!.text);
      if (!type) throw syntax(`typename '${c.arg!.text}' is unknown`, c.arg!.column);
      refuse(sets.create(c.set!.text, type, createParams(c, type.bitmap), c.exist), c.set!.column);
      return none;
    }
    case 'add':
    case 'del': {
      const set = namedSet(stack, c);
      const { timeout, comment, nomatch } = elementOptions(c, set);
      const now = stack.env.now();
      // One element after another, as the kernel's uadt loop goes: the first refusal ends it, what came before stays.
      let n = 0;
      for (const e of parseElements(set, c.arg!).elements()) {
        if (++n > RANGE_LIMIT) throw new CommandFailure(`hairpin: an ipset element standing for more than ${RANGE_LIMIT} entries is not simulated`, 2, c.arg!.column);
        refuse(c.op === 'add' ? set.add(e, now, c.exist, timeout, comment, nomatch) : set.del(e, now, c.exist), c.arg!.column);
      }
      return none;
    }
    case 'flush':
      refuse(sets.flush(c.set?.text), c.set?.column);
      return none;
    case 'rename':
      refuse(sets.rename(c.set!.text, c.arg!.text), c.set!.column);
      return none;
    case 'swap':
      refuse(sets.swap(c.set!.text, c.arg!.text), c.set!.column);
      return none;
    case 'destroy':
      refuse(sets.destroy(c.set?.text), c.set?.column);
      return none;
    case 'restore':
      return restore(stack, c);
    default:
      throw new CommandFailure(`hairpin: ipset ${c.op} only prints`, 2);
  }
}

/**
 * restore mode: each line runs in turn and stays done; the first refusal ends it. The kernel's
 * refusals and element syntax errors (status 1) name the input's line, usage errors (2) do not.
 */
function restore(stack: Stack, c: IpsetCommand): Output {
  for (const l of c.restore ?? []) {
    if ('error' in l) throw new CommandFailure(l.error, l.status, l.column, l.line);
    try {
      ipset(stack, l.command);
    } catch (e) {
      if (!(e instanceof CommandFailure)) throw e;
      const banner = `${IPSET_BANNER}: `;
      const message = e.exitStatus === 1 && e.message.startsWith(banner) ? `${banner}Error in line ${l.index}: ${e.message.slice(banner.length)}` : e.message;
      throw new CommandFailure(message, e.exitStatus, e.column ?? l.command.column, l.line);
    }
  }
  return { stdout: '', stderr: '' };
}
