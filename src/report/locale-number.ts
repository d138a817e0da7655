/**
 * `n.toLocaleString('en-US')` without Intl: the first Intl number format of a process costs about
 * 12 ms (ICU loads its data), a twentieth of flowcost's start. Same text for every finite number:
 * digits grouped by thousands, at most three fraction digits, rounded half away from zero on the
 * shortest decimal form of the double (as ICU does: 1.0005 reads "1.001"), a negative number that
 * rounds to zero keeps its sign ("-0"). The rare forms this does not spell out (exponent forms,
 * ±Infinity, NaN) go to Intl. test/unit/locale-number.test.ts checks it against Intl.
 */
export function localeNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? '-0' : groupThousands(String(n));
  const text = String(Math.abs(n));
  if (!Number.isFinite(n) || text.includes('e')) return n.toLocaleString('en-US');
  const [whole = '0', fraction = ''] = text.split('.');
  const thousandths = BigInt(whole + fraction.slice(0, 3).padEnd(3, '0')) + (fraction.length > 3 && fraction[3]! >= '5' ? 1n : 0n);
  const digits = thousandths.toString().padStart(4, '0');
  const kept = digits.slice(-3).replace(/0+$/, '');
  return `${n < 0 ? '-' : ''}${groupThousands(digits.slice(0, -3))}${kept === '' ? '' : `.${kept}`}`;
}

/** "1234567.891" → "1,234,567.891": commas between the thousands of the whole part. */
export function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
