/**
 * Tiered prices applied to a monthly total.
 *
 * Worked example (Lambda x86 duration, us-east-1): 9,000,000,000 GB-s in a month is
 *   6,000,000,000 × $0.0000166667 + 3,000,000,000 × $0.0000150000 = $145,000.20
 * whereas a flat first-tier rate would give $150,000.30 (AWS Compute Blog, "Introducing tiered
 * pricing for AWS Lambda", 2022). Express duration (G10): 17,361.11 GB-hours is
 *   1,000 × $0.06 + 4,000 × $0.03 + 12,361.11 × $0.01642 = $382.97.
 *
 * The free tier, when applied, comes off the bottom of the month before the tiers.
 */
import type { Price } from './catalog.js';

export interface TieredCharge {
  readonly quantity: number;
  readonly freeQuantity: number;
  readonly usd: number;
  /** Some of the usage fell in a tier whose price is an estimate. */
  readonly usedEstimatedTier: boolean;
}

export function chargeTiered(price: Price, quantity: number, applyFreeTier: boolean): TieredCharge {
  const freeQuantity = applyFreeTier ? Math.min(quantity, price.freeTier ?? 0) : 0;
  let remaining = quantity - freeQuantity;
  // Tiers are positioned on the month's whole usage: free usage fills the bottom of tier 1.
  let position = freeQuantity;
  let usd = 0;
  let usedEstimatedTier = false;
  for (const tier of price.tiers) {
    if (remaining <= 0) break;
    const tierEnd = tier.upTo ?? Infinity;
    if (position >= tierEnd) continue;
    const inTier = Math.min(remaining, tierEnd - position);
    usd += inTier * tier.usd;
    if (tier.estimated && inTier > 0) usedEstimatedTier = true;
    remaining -= inTier;
    position += inTier;
  }
  return { quantity, freeQuantity, usd, usedEstimatedTier };
}
