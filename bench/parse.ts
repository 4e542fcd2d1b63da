/*
 * Parser speed on hostile input: `npm run bench -- --parse`. The fuzz tests (src/fuzz-support.ts)
 * check what the parsers answer, not how fast (a busy CI box is no clock); this is where the
 * speed of one call is measured: every nasty token spliced into a config line of each family,
 * each line parsed as a config line and as a flow command, five times each, and the slowest call
 * (by its median) reported with its best and spread.
 */
import { parseConfigLine, parseFlowLine } from '../src/engine/command/parse';
import { parseScenario } from '../src/engine/scenario';
import { NASTY_TOKENS } from '../src/fuzz-support';
import { fromRuns, median, printTable, section, writeResults, type Figure } from './results';

const LINES = [
  'ip addr add X dev eth0', 'ip route add X via 10.0.0.1', 'ip rule add from X lookup 100', 'ip neigh flush dev X',
  'iptables -t nat -A POSTROUTING -s X -j MASQUERADE', 'iptables -A FORWARD -m multiport --dports X -j ACCEPT',
  'sysctl -w net.ipv4.ip_forward=X', 'ping -c X 10.0.0.1', 'nc -z -w X 10.0.0.1 80', 'dig +tries=X name', 'traceroute -m X 10.0.0.1',
  'arping -c X 10.0.0.1', 'curl http://X/', 'dnsmasq --server=X &', 'conntrack -F X',
];

/** The slowest call (by the median of its `reps` timings, ms): its timings and index. */
function slowest(calls: (() => unknown)[], reps: number): { times: number[]; which: number } {
  let worst = { times: [0], which: -1 };
  for (let i = 0; i < calls.length; i++) {
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      calls[i]!();
      times.push(performance.now() - t0);
    }
    if (median(times) > median(worst.times)) worst = { times, which: i };
  }
  return worst;
}

const figures: Figure[] = [];
await section('parsers', figures, () => {
  const texts = LINES.flatMap((l) => NASTY_TOKENS.map((t) => l.replace('X', t)));
  const line = slowest(texts.flatMap((t) => [() => parseConfigLine(t, 1), () => parseFlowLine(t)]), 5);
  const scenario = slowest(NASTY_TOKENS.map((t) => () => parseScenario(`{"hairpin":1,"title":${JSON.stringify(t)},"devices":{}}`)), 5);
  figures.push(fromRuns(line.times, 'lower', 2, { name: 'slowest config/flow line parse (nasty tokens)', unit: 'ms', target: '< 50', pass: (m) => m < 50, detail: JSON.stringify(texts[Math.floor(line.which / 2)]).slice(0, 80) }));
  figures.push(fromRuns(scenario.times, 'lower', 2, { name: 'slowest scenario parse (nasty title)', unit: 'ms', target: '< 50', pass: (m) => m < 50 }));
});
printTable(figures, 'parse');
writeResults('parse', figures);
