import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runtimeImports, sourceFiles } from '../testing/imports';

/*
 * libxtables is the tools' side: the editor loads every extension module for parsing and
 * completion, so none may pull the kernel in at run time. A target's work in the namespace
 * (NAT, REJECT) is reached through the stack it is given (`stack.nf.xt`), as the kernel's
 * xt_*.c are reached through the rule, never by the tool linking them.
 */

const IPTABLES = dirname(fileURLToPath(import.meta.url));
const KERNEL = resolve(IPTABLES, '../kernel');
/** The xt core every rule is made of (ipt_ip, the match and target shapes): no namespace code. */
const XT_CORE = new Set(['netfilter/x_tables.ts', 'netfilter/matches.ts']);

describe('iptables extension modules', () => {
  it('import nothing from the kernel at run time but the xt core', () => {
    const offenders = sourceFiles(IPTABLES).flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .map((spec) => relative(KERNEL, resolve(dirname(file), spec)) + '.ts')
        .filter((target) => !target.startsWith('..') && !XT_CORE.has(target))
        .map((target) => `${relative(IPTABLES, file)} → kernel/${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
