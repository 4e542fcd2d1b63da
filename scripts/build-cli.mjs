// Bundles the CLI into dist-cli/hairpin.mjs (run on npm install via "prepare").
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist-cli/hairpin.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Prefer ES module builds: some packages' UMD builds use dynamic require.
  mainFields: ['module', 'main'],
  plugins: [
    {
      // Vite's `?raw` imports: the file's text.
      name: 'raw',
      setup(b) {
        b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname, namespace: 'raw' }));
        b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: (await import('node:fs')).readFileSync(args.path, 'utf8'), loader: 'text' }));
      },
    },
  ],
});
