import { EX_IOERR, main } from './main';

// Entry point of the bundled CLI (bin/hairpin.mjs): real stdout/stderr and exit code.

// Output that cannot be written (`hairpin lab x.json > /dev/full`, a closed pipe) is reported
// in one line, never as a stack trace. A reader that went away (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`hairpin: cannot write the output: ${e.code === 'ENOSPC' ? 'No space left on device' : e.message}\n`);
    process.exit(EX_IOERR);
  });
}

process.exitCode = main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
