/*
 * The text of a long listing (a 100,000-route `ip route`), built in chunks of lines joined flat.
 * Appending each line to one string keeps every line alive as a piece of a tree of 100,000
 * until the end, and the garbage collector copied that tree over and over while it grew:
 * twice the time of the printing itself. Here only the flat chunks outlive their lines.
 */

const CHUNK = 512;

export class Lines {
  private readonly chunks: string[] = [];
  private lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length === CHUNK) {
      this.chunks.push(this.lines.join(''));
      this.lines = [];
    }
  }

  text(): string {
    return this.chunks.join('') + this.lines.join('');
  }
}
