import type { Scenario } from '../scenario/types';
import { runCommand, type FlowResult } from '../sim/run';
import { commandFeatures, modelledDevices, modelledFlowFeatures, type ModelledFeature } from '../trace/modelled';
import { parseFlowLine } from '../command/parse';

/*
 * Which runs the kernel oracle leaves out (README, "Modelled, not recorded"): the recorder, the
 * live suite, the recorded-captures check and `hairpin check` all ask here, so they agree.
 */

/**
 * Why running `command` on `device` is modelled, not recorded ([] when the kernel can record
 * it), decided by the simulator's trace (modelledFlowFeatures). `traced` is a run of the same
 * command whose trace was kept; without one the flow runs again, traced, but only when the
 * scenario has a modelled device (otherwise only the command itself can make it modelled).
 */
export function modelledRun(scenario: Scenario, device: string, command: string, traced?: FlowResult): ModelledFeature[] {
  const devices = modelledDevices(scenario);
  if (!devices.length) {
    const parsed = parseFlowLine(command);
    return parsed.ok ? commandFeatures(parsed.list) : [];
  }
  const r = traced ?? runCommand(scenario, device, command, { capture: false });
  return modelledFlowFeatures(r.events, devices, command, device);
}

/** modelledRun for flow `index` of the scenario. */
export function modelledFlow(scenario: Scenario, index: number, traced?: FlowResult): ModelledFeature[] {
  const flow = scenario.flows[index];
  if (!flow) throw new Error(`no flow ${index}`);
  return modelledRun(scenario, flow.on, flow.run, traced);
}
