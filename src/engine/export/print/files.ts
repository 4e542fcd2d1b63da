import { formatIp4 } from '../../addr/ipv4';
import { BRPORT_HAIRPIN } from '../../command/bridge-link';
import type { CatCommand } from '../../command/types';
import type { Stack } from '../../kernel/stack';
import type { Printed } from './common';

/*
 * `cat` of the files the lab gives each namespace (/etc/hosts, /etc/resolv.conf,
 * /etc/iproute2/rt_tables, /proc/sys/...). The model keeps the files' meaning, not their
 * text: lines are rebuilt from it.
 */

/** Debian 12's stock /etc/iproute2/rt_tables (the lab copies the host's). */
const RT_TABLES_HEADER = '#\n# reserved values\n#\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n#\n# local\n#\n#1\tinr.ruhep\n';
const RESERVED = new Map([['local', 255], ['main', 254], ['default', 253], ['unspec', 0]]);

export function fileText(stack: Stack, path: string): string | undefined {
  switch (path) {
    case '/etc/hosts':
      // The lab writes `127.0.0.1<TAB>localhost`; `echo 'IP NAME' >> /etc/hosts` adds `IP NAME`.
      return stack.files.hosts
        .map((h, i) => (i === 0 && h.ip === 0x7f000001 && h.names.length === 1 && h.names[0] === 'localhost' ? '127.0.0.1\tlocalhost\n' : `${formatIp4(h.ip)} ${h.names.join(' ')}\n`))
        .join('');
    case '/etc/resolv.conf':
      if (stack.files.nameservers.length === 0) return '# Hairpin lab: no nameserver until the scenario sets one\n';
      return stack.files.nameservers.map((ns) => `nameserver ${formatIp4(ns)}\n`).join('');
    case '/etc/iproute2/rt_tables': {
      let text = RT_TABLES_HEADER;
      for (const [name, id] of stack.rtTables) if (RESERVED.get(name) !== id) text += `${id} ${name}\n`;
      return text;
    }
  }
  // xt_recent's lists of this namespace, one file each.
  if (path.startsWith('/proc/net/xt_recent/')) return stack.nf.recent.proc(path.slice('/proc/net/xt_recent/'.length))?.show();
  if (path.startsWith('/proc/net/ipt_hashlimit/')) return stack.nf.hashlimit.show(path.slice('/proc/net/ipt_hashlimit/'.length));
  // br_sysfs_if.c show_hairpin_mode: the port's flag, under a bridge port only.
  const brport = BRPORT_HAIRPIN.exec(path);
  if (brport) {
    const dev = stack.byName.get(brport[1]!);
    const br = dev?.master?.bridge;
    return br ? `${br.hairpin(dev!) ? 1 : 0}\n` : undefined;
  }
  if (path.startsWith('/proc/sys/')) {
    const v = stack.sysctl.get(path.slice('/proc/sys/'.length).replace(/\//g, '.'));
    return v === undefined ? undefined : `${v}\n`;
  }
  return undefined;
}

export function printCat(stack: Stack, c: CatCommand): Printed {
  let stdout = '';
  let stderr = '';
  let status = 0;
  for (const w of c.paths) {
    const text = fileText(stack, w.text);
    if (text === undefined) {
      stderr += `cat: ${w.text}: No such file or directory\n`;
      status = 1;
    } else stdout += text;
  }
  return { stdout, stderr, status };
}
