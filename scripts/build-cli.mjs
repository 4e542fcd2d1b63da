// Bundles the CLI into dist-cli/hairpin.mjs (run on npm install via "prepare").
import { bundleForNode } from './node-bundle.mjs';

await bundleForNode('src/cli/index.ts', 'dist-cli/hairpin.mjs');
