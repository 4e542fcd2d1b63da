import { commentBytes } from '../../kernel/netfilter/ipset/ip_set';
import { IpSet } from '../../kernel/netfilter/ipset/ip_set_core';
import type { Stack } from '../../kernel/stack';
import { IPSET_BANNER, type IpsetCommand } from '../../command/ipset';
import { elementOptions, namedSet } from '../../netlink/ipset';
import { elementText, parseElements } from '../../netlink/ipset_elem';
import { CommandFailure } from '../../netlink/libnetlink';
import type { Printed } from './common';

/* `ipset list`, `ipset save` and `ipset test` as ipset 7.17 prints them. */

const hex8 = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** The create options, as the Header line and `create` in save print them. */
function header(set: IpSet): string {
  const p = set.params;
  const timeout = p.timeout !== undefined ? ` timeout ${p.timeout}` : '';
  const ext = `${timeout}${p.comment ? ' comment' : ''}`;
  if (set.type.bitmap) return `range ${p.first}-${p.last}${ext}`;
  return `family ${p.family} hashsize ${p.hashsize} maxelem ${p.maxelem}${ext} bucketsize ${p.bucketsize ?? 12} initval ${hex8(set.initval)}`;
}

function members(set: IpSet, now: number): string[] {
  return set.list(now).map((e) => {
    const timeout = set.params.timeout !== undefined ? ` timeout ${e.expires === undefined ? 0 : IpSet.secondsLeft(e.expires, now)}` : '';
    return `${elementText(e.elem)}${timeout}${e.nomatch ? ' nomatch' : ''}${e.comment ? ` comment "${e.comment}"` : ''}`;
  });
}

function listOne(set: IpSet, now: number, terse: boolean): string {
  const live = set.list(now);
  const m = members(set, now);
  const size = set.type.memsize(set.params, m.length) + live.reduce((n, e) => n + (e.comment ? commentBytes(e.comment) : 0), 0);
  let out = `Name: ${set.name}\nType: ${set.type.name}\nRevision: ${set.type.revision}\nHeader: ${header(set)}\n`;
  out += `Size in memory: ${size}\nReferences: ${set.references}\nNumber of entries: ${m.length}\n`;
  if (!terse) out += `Members:\n${m.map((l) => `${l}\n`).join('')}`;
  return out;
}

function saveOne(set: IpSet, now: number): string {
  return `create ${set.name} ${set.type.name} ${header(set)}\n${members(set, now).map((l) => `add ${set.name} ${l}\n`).join('')}`;
}

function chosen(stack: Stack, c: IpsetCommand): IpSet[] {
  return c.set ? [namedSet(stack, c)] : stack.nf.ipset.sets();
}

function failed(e: unknown): Printed {
  if (!(e instanceof CommandFailure)) throw e;
  return { stdout: '', stderr: `${e.message}\n`, status: e.exitStatus };
}

export function printIpset(stack: Stack, c: IpsetCommand): Printed | undefined {
  const now = stack.env.now();
  try {
    if (c.op === 'list' || c.op === 'save') {
      const sets = chosen(stack, c);
      if (c.namesOnly) return { stdout: sets.map((s) => `${s.name}\n`).join(''), stderr: '', status: 0 };
      if (c.op === 'save' || c.saveFormat) return { stdout: sets.map((s) => saveOne(s, now)).join(''), stderr: '', status: 0 };
      return { stdout: sets.map((s) => listOne(s, now, c.terse)).join('\n'), stderr: '', status: 0 };
    }
    if (c.op === 'test') {
      const set = namedSet(stack, c);
      const parsed = parseElements(set, c.arg!);
      // The two- and three-dimensional types test one element (their uadt refuses ranges for IPSET_TEST).
      if (parsed.netRange) return { stdout: '', stderr: `${IPSET_BANNER}: FROM-TO IP range is not allowed in command test with set type ${set.type.name} and family ${set.params.family}\n`, status: 1 };
      if (set.type.dimension > 1 && (parsed.ipRange || parsed.portRange)) {
        const what = parsed.ipRange ? 'IP/CIDR range' : 'FROM-TO port range';
        return { stdout: '', stderr: `${IPSET_BANNER}: ${what} is not allowed in command test with set type ${set.type.name} and family ${set.params.family}\n`, status: 1 };
      }
      // hash:ip tests the address as written; hash:net a host under every prefix it holds; a port bitmap every port of a range.
      const { nomatch } = elementOptions(c, set);
      const found = set.type.bitmap ? [...parsed.elements()].every((e) => set.has(e, now)) : stack.nf.ipset.testElem(set, parsed.first, nomatch);
      const text = set.type.name === 'hash:net' || (set.type.name === 'hash:ip' && /[/-]/.test(c.arg!.text)) ? c.arg!.text : elementText(parsed.first);
      return found ? { stdout: '', stderr: `Warning: ${text} is in set ${set.name}.\n`, status: 0 } : { stdout: '', stderr: `${text} is NOT in set ${set.name}.\n`, status: 1 };
    }
  } catch (e) {
    return failed(e);
  }
  return undefined;
}
