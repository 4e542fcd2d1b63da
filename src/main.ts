import { BUILTIN_SCENARIOS } from './scenarios';
import { parseScenario } from './engine/scenario';
import { runFlow } from './engine/sim/run';
import { formatTcpdump } from './engine/wire/tcpdump';
import './ui/stand-in.css';

/*
 * A stand-in page until the playground lands: pick a built-in scenario and a flow, run it on
 * the engine, read what the command printed and what tcpdump saw on every port.
 */

const root = document.getElementById('root')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

const scenarioSelect = el('select', { id: 'scenario' });
for (const name of Object.keys(BUILTIN_SCENARIOS)) scenarioSelect.append(el('option', { value: name, textContent: name }));
const flowSelect = el('select', { id: 'flow' });
const about = el('p', { className: 'about' });
const runButton = el('button', { textContent: 'Run', type: 'button' });
const output = el('section', { className: 'output', ariaLabel: 'Output' });

function current() {
  const name = scenarioSelect.value;
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!, `${name}.json`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

function showScenario(): void {
  const s = current();
  about.textContent = s.about;
  flowSelect.replaceChildren(...s.flows.map((f) => el('option', { value: String(f.index), textContent: `${f.on}$ ${f.run}${f.title ? ` — ${f.title}` : ''}` })));
  output.replaceChildren();
}

function run(): void {
  const s = current();
  const r = runFlow(s, Number(flowSelect.value));
  const blocks: Node[] = [el('h2', { textContent: `${r.device}$ ${r.command}  → exit ${r.exit}` }), el('pre', { textContent: r.stdout + r.stderr || '(no output)' })];
  for (const [port, frames] of r.captures) {
    if (!frames.length) continue;
    blocks.push(el('h3', { textContent: `tcpdump -e -n -i ${port}` }), el('pre', { textContent: frames.map((f) => formatTcpdump(f.frame)).join('\n') }));
  }
  output.replaceChildren(...blocks);
}

scenarioSelect.addEventListener('change', showScenario);
runButton.addEventListener('click', run);
root.append(
  el('header', {}, el('h1', { textContent: 'Hairpin' }), el('p', { textContent: 'What the simulator shows is what the Linux kernel does.' })),
  el('div', { className: 'controls' }, el('label', {}, 'Scenario ', scenarioSelect), el('label', {}, 'Flow ', flowSelect), runButton),
  about,
  output,
);
showScenario();
