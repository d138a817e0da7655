/**
 * Price an architecture's monthly usage: one cost line per meter, tiers applied to the month's
 * total, the free tier only when asked for.
 */
import type { Meter } from '../architectures/types.js';
import { lookupPrice, type PriceKey, type RegionPrices } from './catalog.js';
import { chargeTiered } from './tiers.js';

export interface CostLine {
  readonly id: Meter['id'];
  readonly label: string;
  readonly quantity: number;
  readonly unit: string;
  /** Quantity covered by the free tier (0 unless --free-tier). */
  readonly freeQuantity: number;
  readonly priceKey: PriceKey;
  readonly usd: number;
}

export function priceMonthlyUsage(
  meters: readonly Meter[],
  monthlyQuantities: ArrayLike<number>,
  prices: RegionPrices,
  applyFreeTier: boolean,
): CostLine[] {
  return meters.map((meter, i) => {
    const charge = chargeTiered(lookupPrice(prices, meter.priceKey), monthlyQuantities[i] ?? 0, applyFreeTier);
    return {
      id: meter.id,
      label: meter.label,
      quantity: charge.quantity,
      unit: meter.unit,
      freeQuantity: charge.freeQuantity,
      priceKey: meter.priceKey,
      usd: charge.usd,
    };
  });
}

/**
 * The month's effective price of one unit of each line (tiers and free tier spread evenly over the
 * month's usage), used to price single executions; the first-tier price where the month has no usage.
 */
export function effectiveUnitRates(lines: readonly CostLine[], prices: RegionPrices): Float64Array {
  return Float64Array.from(lines, (line) =>
    line.quantity > 0 ? line.usd / line.quantity : (lookupPrice(prices, line.priceKey).tiers[0]?.usd ?? 0),
  );
}
