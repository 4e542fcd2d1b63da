// How Hairpin's TypeScript is bundled to run in Node: the CLI (scripts/build-cli.mjs) and the
// engine benchmarks (bench/run.mjs) run the engine as this makes it, as the page's worker runs
// it from Vite's build. No keepNames: tsx sets it, and its wrapper around every named function
// made the engine's flows 15-40 % slower than the code people run (bench/README.md).
import { build } from 'esbuild';

/** Vite's `?raw` imports: the file's text. */
const raw = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname, namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: (await import('node:fs')).readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

/** Bundles `entry` (a path from the checkout's root) into the ES module `outfile`. */
export function bundleForNode(entry, outfile) {
  return build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Prefer ES module builds: some packages' UMD builds use dynamic require.
    mainFields: ['module', 'main'],
    plugins: [raw],
  });
}
