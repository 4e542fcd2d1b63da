#!/usr/bin/env node
// The `hairpin` command: the bundled CLI, built by `npm install` (scripts/build-cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist-cli/hairpin.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('hairpin: the CLI is not built yet; run `npm install` (or `npm run build:cli`) in the Hairpin checkout\n');
  process.exit(70);
}
await import(bundle);
