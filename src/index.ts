/**
 * flowcost as a library: the pure core (no I/O) plus the file loaders.
 *
 *   import { analyze, loadWorkloadFile, loadPricingCatalog } from 'flowcost';
 *   const report = analyze(loadWorkloadFile('workload.yaml'), loadPricingCatalog(), { samples: 10_000, seed: 1, freeTier: false });
 */
export { analyze, DEFAULT_ANALYZE_OPTIONS, regionPrices, type AnalyzeOptions } from './analyze.js';
export { analyzeInParallel } from './analyze-parallel.js';
export { ARCHITECTURES, ARCHITECTURE_IDS, COST_LINE_IDS, type ArchitectureId, type CostLineId } from './architectures/index.js';
export { simulate, type SimulationResult } from './engine/simulate.js';
export { FlowcostError, type Problem, type ProblemCode } from './errors/problem.js';
export { normalizeWorkload } from './workload/normalize.js';
export { parseDurationMs, formatDurationMs } from './workload/units.js';
export type * from './workload/types.js';
export type { PricingCatalog, RegionPrices, Price, PriceTier, PriceKey } from './pricing/catalog.js';
export { chargeTiered } from './pricing/tiers.js';
export type { CostLine } from './pricing/price-usage.js';
export type { Report, ArchitectureReport, LimitResult, Recommendation } from './report/model.js';
export { renderJson } from './report/render-json.js';
export { renderTable } from './report/render-table.js';
export { loadWorkloadFile, parseWorkload } from './io/load-workload.js';
export { loadPricingCatalog, listPricingVersions } from './io/load-pricing.js';
export { evaluatePolicy, type GateResult, type AssertionResult } from './gate/evaluate.js';
export { gateVerdict, type GateVerdict } from './gate/exit-code.js';
export type { Policy } from './gate/policy.js';
export { loadPolicyFile, parsePolicy } from './io/load-policy.js';
// Sweeps, decision maps, state machines, calibration (the same functions the CLI calls).
export { sweep, type SweepOptions, type SweepResult, type SweepPoint, type Crossover, type SweepScale } from './sweep/sweep.js';
export { decisionMap, type DecisionMapOptions, type DecisionMapResult, type MapCell } from './sweep/decision-map.js';
export { decisionMapInParallel } from './sweep/decision-map-parallel.js';
export { parseVary, applyParameter, type VarySpec, type SweepParameter } from './sweep/parameter.js';
export { toAsl } from './export/asl.js';
export { loadDefinitionFile, listStateMachines, type LoadedDefinition } from './io/load-definition.js';
export { projectFiles, type ProjectFiles } from './io/project-files.js';
export { calibrate } from './calibrate/apply.js';
