/**
 * One byte range of a `Range` header, for a resource of `size` bytes.
 * Only single ranges: our clients (the PMTiles reader, a resumed download)
 * never ask for more, and a clear 416 beats 50 MB sent to a rural phone.
 */
export type RangeResult =
	| { kind: 'none' }
	| { kind: 'range'; start: number; end: number }
	| { kind: 'unsatisfiable'; reason: string };

const DIGITS = /^\d{1,15}$/;

export function parseRange(header: string | undefined, size: number): RangeResult {
	if (header === undefined) return { kind: 'none' };
	const m = /^bytes=(.*)$/i.exec(header.trim());
	if (!m) return { kind: 'unsatisfiable', reason: 'only byte ranges are served' };
	const spec = m[1].trim();
	if (spec.includes(',')) return { kind: 'unsatisfiable', reason: 'only one range per request' };
	const dash = spec.indexOf('-');
	if (dash < 0) return { kind: 'unsatisfiable', reason: 'malformed range' };
	const [a, b] = [spec.slice(0, dash).trim(), spec.slice(dash + 1).trim()];
	if (a === '') {
		if (!DIGITS.test(b) || Number(b) === 0)
			return { kind: 'unsatisfiable', reason: 'malformed suffix range' };
		if (size === 0) return { kind: 'unsatisfiable', reason: 'empty resource' };
		return { kind: 'range', start: Math.max(0, size - Number(b)), end: size - 1 };
	}
	if (!DIGITS.test(a) || (b !== '' && !DIGITS.test(b)))
		return { kind: 'unsatisfiable', reason: 'malformed range' };
	const start = Number(a);
	const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
	if (b !== '' && Number(b) < start)
		return { kind: 'unsatisfiable', reason: 'range ends before it starts' };
	if (start >= size)
		return { kind: 'unsatisfiable', reason: `range starts past the end (${size} bytes)` };
	return { kind: 'range', start, end };
}
