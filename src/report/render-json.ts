/** The JSON report (v1). Key order follows the model; a non-finite number is a bug, never output. */
import { jsonText } from './escape.js';
import type { Report } from './model.js';

export function renderJson(report: Report): string {
  return jsonText(
    JSON.stringify(
      report,
      (key, value: unknown) => {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new Error(`internal: non-finite number ${String(value)} at "${key}" in the report`);
        }
        return value;
      },
      2,
    ) + '\n',
  );
}
