/** The gate as JSON: the verdict's counts, every record, the baseline diff. */
import { jsonText } from '../report/escape.js';
import type { GateResult } from './evaluate.js';
import type { GateVerdict } from './exit-code.js';

export const GATE_JSON_VERSION = 1;

export function renderGateJson(gate: GateResult, verdict: GateVerdict): string {
  const { exitCode: _exitCode, ...counts } = verdict;
  return jsonText(JSON.stringify({ schemaVersion: GATE_JSON_VERSION, ...counts, ...gate }, null, 2) + '\n');
}
