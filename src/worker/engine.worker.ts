import * as Comlink from 'comlink';
import { configIssues, deviceViews, runScenario } from '../engine/api';

/* The engine in a Web Worker: the page stays responsive while it runs. No logic here. */
const api = { runScenario, deviceViews, configIssues };
export type EngineApi = typeof api;
Comlink.expose(api);
