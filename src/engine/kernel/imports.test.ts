import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, runtimeImports, sourceFiles } from '../testing/imports';

/*
 * The kernel's layering, as the kernel keeps it: lower layers never call up by name. A device
 * hands frames to whatever the stack registered for their ethertype (dev_add_pack), a bridge
 * port to its rx_handler, a failed neighbour to the dst's link_failure. So no kernel file
 * imports, at run time, a file that imports it back (type-only imports vanish at build time).
 */

const KERNEL = dirname(fileURLToPath(import.meta.url));

/** The kernel's run-time import graph, by path relative to src/engine/kernel. */
function kernelGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(KERNEL)) {
    const targets = runtimeImports(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(KERNEL, resolve(dirname(file), spec)) + '.ts');
    graph.set(relative(KERNEL, file), targets);
  }
  return graph;
}

describe('kernel import graph', () => {
  it('reads run-time imports and skips type-only ones', () => {
    const src = [
      "import { a, type B } from './a';",
      "import type { C } from './c';",
      "import { type D, type E } from './d';",
      "import * as F from './f';",
      "import {\n  g,\n  h,\n} from './g';",
      "export { i } from './i';",
      "export type { J } from './j';",
    ].join('\n');
    expect(runtimeImports(src)).toEqual(['./a', './f', './g', './i']);
  });

  it('finds a cycle however long, and none in a chain', () => {
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    expect(importCycles(graph({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts'], 'd.ts': ['a.ts'] }))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles(graph({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': [] }))).toEqual([]);
  });

  it('imports nothing from command/: tools speak to the kernel through netlink/', () => {
    const offenders = sourceFiles(KERNEL)
      .filter((file) => /from\s*['"](\.\.\/)+command\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(KERNEL, file));
    expect(offenders).toEqual([]);
  });

  it('has no run-time import cycle under src/engine/kernel: calls upward go through tables the stack registers', () => {
    const graph = kernelGraph();
    expect(graph.size).toBeGreaterThan(30);
    expect(importCycles(graph)).toEqual([]);
  });

  it('keeps the generic layers free of IPv4: neighbour, fib rules and the hook registry reach a family only through the operations it registered', () => {
    // net/ipv4 in this tree: what IPv6 would add a sibling of, never a branch in the core.
    const ipv4 = /^(arp|af_inet|devinet|fib4_rules|netns_ipv4|route|icmp|fnhe|ip_\w+)\.ts$|addr\/ipv4\.ts$|wire\/ipv4\.ts$/;
    const graph = kernelGraph();
    for (const core of ['neighbour.ts', 'fib_rules.ts', 'netfilter/core.ts']) {
      expect([core, graph.get(core)!.filter((target) => ipv4.test(target))]).toEqual([core, []]);
    }
  });
});
