/*
 * What a flow's command prints, as it prints it. A long flow prints a line per packet (ping,
 * tcpdump); `text += line` would keep a chain of string pieces per line, built by the template
 * that made it, alive until the run ends, and every young-generation collection during the flow
 * would copy them. Pieces are flattened as they arrive and joined once.
 */
export class OutputText {
  private readonly pieces: string[] = [];

  readonly write = (text: string): void => {
    // V8 flattens a concatenated string when a character is read from it: what is kept is then
    // one string of its characters (measured: 346 → 97 bytes kept per ping reply line).
    if (text.length > 0) text.charCodeAt(0);
    this.pieces.push(text);
  };

  /** A mark to return to: what is written after it can be taken back (`truncate`). */
  get mark(): number {
    return this.pieces.length;
  }

  truncate(mark: number): void {
    this.pieces.length = mark;
  }

  text(): string {
    return this.pieces.join('');
  }
}
