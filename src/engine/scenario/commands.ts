/*
 * How many shell commands a config line holds, for the scenario's command limit: every iptables
 * rule and route is one command, and booting costs about 20 µs per command. Counted without
 * parsing: separators (; && || | &) outside quotes and comments, plus one. A here-document's
 * lines (iptables-restore rules) have no separators, so each counts one.
 */
export function countCommands(line: string): number {
  let commands = 1;
  let quote = 0; // the open quote's char code, or 0
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 92 /* \ */ && quote === 34) i++;
      continue;
    }
    if (c === 92) i++;
    else if (c === 34 || c === 39 /* " ' */) quote = c;
    else if (c === 35 /* # */ && (i === 0 || line.charCodeAt(i - 1) === 32 || line.charCodeAt(i - 1) === 9)) break;
    else if (c === 59 /* ; */) commands++;
    else if (c === 38 && (line.charCodeAt(i - 1) === 62 || line.charCodeAt(i + 1) === 62)) continue; // 2>&1, &>file
    else if (c === 38 || c === 124 /* & | */) {
      commands++;
      if (line.charCodeAt(i + 1) === c) i++; // && and || separate once
    }
  }
  return commands;
}
