/**
 * Price an architecture's monthly usage: one cost line per meter. Meters that share a price (the
 * Lambda duration of invocations and of their INIT phase) are priced on their combined monthly
 * total, as AWS aggregates them, and the charge is split in proportion; tiers apply to the month's
 * total; the free tier only when asked for; a Savings-Plan-style discount on Lambda compute.
 * A capacity meter (instances kept running, Lambda Managed Instances) is priced on the month's
 * quantity its rule gives from what the executions metered and how many there were.
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
  /** Set when part of the charge used a price that AWS does not publish for the region. */
  readonly estimate?: string;
  /**
   * A capacity line only: what the month's executions metered (execution seconds), from which its
   * quantity (instance-hours) follows; an execution's share of the charge is in proportion to it.
   */
  readonly meteredQuantity?: number;
}

export interface PricingOptions {
  readonly freeTier: boolean;
  /** Percent off Lambda compute (duration and INIT), e.g. a Compute Savings Plan. */
  readonly lambdaComputeDiscountPercent: number;
}

export function priceMonthlyUsage(
  meters: readonly Meter[],
  meteredQuantities: ArrayLike<number>,
  prices: RegionPrices,
  options: PricingOptions,
  /** The month's executions (capacity meters need it; without it they are priced as metered). */
  executionsPerMonth?: number,
): CostLine[] {
  const monthlyQuantities = meters.map((meter, i) => {
    const metered = meteredQuantities[i] ?? 0;
    return meter.capacity && executionsPerMonth !== undefined ? meter.capacity.monthly(metered, executionsPerMonth) : metered;
  });
  const totals = new Map<PriceKey, number>();
  meters.forEach((meter, i) => totals.set(meter.priceKey, (totals.get(meter.priceKey) ?? 0) + (monthlyQuantities[i] ?? 0)));
  const charges = new Map(
    [...totals].map(([key, total]) => [key, chargeTiered(lookupPrice(prices, key), total, options.freeTier)] as const),
  );
  return meters.map((meter, i) => {
    const quantity = monthlyQuantities[i] ?? 0;
    const charge = charges.get(meter.priceKey)!;
    const share = charge.quantity > 0 ? quantity / charge.quantity : 0;
    const discount = meter.priceKey.startsWith('lambda.duration.') ? 1 - options.lambdaComputeDiscountPercent / 100 : 1;
    const price = lookupPrice(prices, meter.priceKey);
    const capacity = meter.capacity && executionsPerMonth !== undefined ? meter.capacity : undefined;
    const metered = meteredQuantities[i] ?? 0;
    return {
      id: meter.id,
      label: capacity?.label ? capacity.label(metered, executionsPerMonth!) : meter.label,
      quantity,
      unit: meter.unit,
      freeQuantity: charge.freeQuantity * share,
      priceKey: meter.priceKey,
      usd: charge.usd * share * discount,
      ...(charge.usedEstimatedTier && quantity > 0 && price.estimate ? { estimate: price.estimate } : {}),
      ...(capacity ? { meteredQuantity: metered } : {}),
    };
  });
}

/**
 * The month's effective price of one unit of each line (tiers, free tier and discount spread
 * evenly over the month's usage), used to price single executions; the first-tier price where the
 * month has no usage.
 */
export function effectiveUnitRates(lines: readonly CostLine[], prices: RegionPrices): Float64Array {
  return Float64Array.from(lines, (line) => {
    // A capacity line's charge is shared by the executions in proportion to what each metered.
    if (line.meteredQuantity !== undefined) return line.meteredQuantity > 0 ? line.usd / line.meteredQuantity : 0;
    return line.quantity > 0 ? line.usd / line.quantity : (lookupPrice(prices, line.priceKey).tiers[0]?.usd ?? 0);
  });
}
