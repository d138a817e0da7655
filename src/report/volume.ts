/**
 * Monthly cost as the volume grows: the simulated mean usage per execution of each architecture
 * (cost-line quantity ÷ executionsPerMonth), re-priced at other volumes with the same tiers, free
 * tier and discount. No re-simulation: per-execution usage does not depend on the volume. A
 * capacity line (Managed Instances' fleet) is sized anew at each volume by its architecture's own
 * rule, from what the executions metered, when the prepared architectures are given.
 */
import type { ArchitectureId } from '../architectures/types.js';
import type { Meter, PreparedArchitecture } from '../architectures/types.js';
import type { RegionPrices } from '../pricing/catalog.js';
import { priceMonthlyUsage } from '../pricing/price-usage.js';
import { bisect, geometricMidpoint } from '../sweep/bisect.js';
import type { ArchitectureReport, Report } from './model.js';

export interface VolumePoint {
  readonly architecture: ArchitectureId;
  readonly executionsPerMonth: number;
  readonly usd: number;
}

export interface BreakEven {
  readonly executionsPerMonth: number;
  readonly usd: number;
  /** The architecture that is cheaper above this volume, and the one it overtakes. */
  readonly cheaperAbove: ArchitectureId;
  readonly cheaperBelow: ArchitectureId;
}

export interface VolumeCurve {
  readonly points: readonly VolumePoint[];
  readonly breakEvens: readonly BreakEven[];
}

const POINTS_PER_DECADE = 8;

/** The cost of `architecture` at `executionsPerMonth`, priced like the report's own month. */
export function monthlyCostAtVolume(
  report: Report,
  architecture: ArchitectureReport,
  prices: RegionPrices,
  executionsPerMonth: number,
  prepared?: PreparedArchitecture,
): number {
  const base = report.workload.executionsPerMonth;
  const lines = architecture.monthlyCost.lines;
  // Pricing needs a meter's price key and labels only (and a capacity line its rule); usage comes from the report.
  const meters: Meter[] = lines.map((line) => {
    const capacity = line.meteredQuantity !== undefined ? prepared?.meters.find((m) => m.id === line.id)?.capacity : undefined;
    return { id: line.id, label: line.label, unit: line.unit, priceKey: line.priceKey, measure: () => 0, ...(capacity ? { capacity } : {}) };
  });
  const quantities = lines.map((line, i) => {
    const perExecution = meters[i]!.capacity ? line.meteredQuantity! : line.quantity;
    return base > 0 ? (perExecution / base) * executionsPerMonth : 0;
  });
  const pricing = { freeTier: report.pricing.freeTier, lambdaComputeDiscountPercent: report.pricing.lambdaComputeDiscountPercent };
  const priced = priceMonthlyUsage(meters, quantities, prices, pricing, executionsPerMonth);
  return priced.reduce((sum, line) => sum + line.usd, 0);
}

/** Volumes from three decades below the workload's to two above, and where the curves cross. */
export function volumeCurve(report: Report, prices: RegionPrices, prepared: readonly PreparedArchitecture[] = []): VolumeCurve {
  const volume = Math.max(1, report.workload.executionsPerMonth);
  const fromExp = Math.max(0, Math.floor(Math.log10(volume)) - 3);
  const toExp = Math.ceil(Math.log10(volume) + 1e-9) + 2;
  const grid: number[] = [];
  for (let i = fromExp * POINTS_PER_DECADE; i <= toExp * POINTS_PER_DECADE; i++) grid.push(Number((10 ** (i / POINTS_PER_DECADE)).toPrecision(6)));

  const cost = (a: ArchitectureReport, v: number) => monthlyCostAtVolume(report, a, prices, v, prepared.find((p) => p.id === a.id));
  const points = report.architectures.flatMap((a) => grid.map((v) => ({ architecture: a.id, executionsPerMonth: v, usd: cost(a, v) })));

  const breakEvens: BreakEven[] = [];
  const archs = report.architectures;
  for (let i = 0; i < archs.length; i++) {
    for (let j = i + 1; j < archs.length; j++) {
      const a = archs[i]!;
      const b = archs[j]!;
      const sign = (v: number) => Math.sign(cost(a, v) - cost(b, v));
      for (let k = 0; k + 1 < grid.length; k++) {
        const lo = sign(grid[k]!);
        const hi = sign(grid[k + 1]!);
        if (lo === 0 || hi === 0 || lo === hi) continue;
        const bracket = bisect(grid[k]!, grid[k + 1]!, sign, { midpoint: geometricMidpoint, iterations: 60, done: (l, h) => h / l < 1 + 1e-9 });
        const at = (bracket.lo + bracket.hi) / 2;
        breakEvens.push({
          executionsPerMonth: at,
          usd: (cost(a, at) + cost(b, at)) / 2,
          cheaperAbove: hi < 0 ? a.id : b.id,
          cheaperBelow: hi < 0 ? b.id : a.id,
        });
      }
    }
  }
  breakEvens.sort((x, y) => x.executionsPerMonth - y.executionsPerMonth);
  return { points, breakEvens };
}
