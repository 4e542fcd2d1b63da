import { main } from './main';

// Entry point of the bundled CLI (bin/hairpin.mjs): real stdout/stderr and exit code.
process.exitCode = main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
