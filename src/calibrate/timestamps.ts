/**
 * History event timestamps in the two forms AWS gives them, as milliseconds since the epoch:
 *  - as the API returns them: seconds since the epoch with fractions, e.g. 1712567843.827
 *    (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html);
 *  - as the AWS CLI prints them: ISO 8601 with an offset, e.g. "2024-04-08T11:17:23.827000+02:00".
 * A number above 10^11 cannot be seconds (that is the year 5138): it is taken as milliseconds,
 * as SDKs that convert timestamps print them.
 */
import type { JsonValue } from './json-stream.js';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,12}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const SECONDS_LIMIT = 1e11;

export function timestampMs(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return value >= SECONDS_LIMIT ? value : value * 1_000;
  }
  if (typeof value !== 'string') return undefined;
  const m = ISO_RE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offH, offM] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  if (fraction) ms += Number(`0.${fraction}`) * 1_000;
  if (!zulu && sign) {
    const offsetMs = (Number(offH) * 60 + Number(offM)) * 60_000;
    ms -= sign === '+' ? offsetMs : -offsetMs;
  }
  return Number.isFinite(ms) ? ms : undefined;
}
