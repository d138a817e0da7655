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
  return cliTimestamp(value) ?? isoTimestamp(value);
}

/** The AWS CLI's exact form, "2024-04-08T11:17:23.827000+02:00", read without a regex (histories hold millions). */
function cliTimestamp(text: string): number | undefined {
  if (text.length !== 32 || text.charCodeAt(10) !== 0x54 || text.charCodeAt(19) !== 0x2e || text.charCodeAt(29) !== 0x3a) return undefined;
  const d = (i: number, n: number): number => {
    let v = 0;
    for (let k = i; k < i + n; k++) {
      const c = text.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return NaN;
      v = v * 10 + c;
    }
    return v;
  };
  const month = d(5, 2);
  const day = d(8, 2);
  const hour = d(11, 2);
  const minute = d(14, 2);
  const second = d(17, 2);
  const micros = d(20, 6);
  const sign = text.charCodeAt(26);
  const offsetMin = d(27, 2) * 60 + d(30, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60) || Number.isNaN(micros + offsetMin)) return undefined;
  if (sign !== 0x2b && sign !== 0x2d) return undefined;
  const utc = Date.UTC(d(0, 4), month - 1, day, hour, minute, second) + micros / 1_000;
  return utc - (sign === 0x2b ? 1 : -1) * offsetMin * 60_000;
}

function isoTimestamp(value: string): number | undefined {
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
