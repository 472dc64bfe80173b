import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../sync-server/src/http/range.ts';

describe('Range header', () => {
	it('reads one byte range, clamped to the resource', () => {
		expect(parseRange(undefined, 1000)).toEqual({ kind: 'none' });
		expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', start: 0, end: 99 });
		expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'range', start: 900, end: 999 });
		expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'range', start: 900, end: 999 });
		expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'range', start: 0, end: 999 });
		expect(parseRange('bytes=10-999999999999999', 1000)).toEqual({
			kind: 'range',
			start: 10,
			end: 999
		});
		expect(parseRange(' Bytes = 5-5 ', 1000)).toMatchObject({ kind: 'unsatisfiable' });
		expect(parseRange('bytes= 5 - 6 ', 1000)).toEqual({ kind: 'range', start: 5, end: 6 });
	});

	it.each([
		'bytes=1000-',
		'bytes=5-4',
		'bytes=0-1,5-6',
		'bytes=-0',
		'bytes=-',
		'bytes=a-b',
		'bytes=1.5-2',
		'bytes=0x10-',
		'lines=0-5',
		'bytes=1234567890123456-',
		''
	])('refuses %j', (header) => {
		expect(parseRange(header, 1000).kind).toBe('unsatisfiable');
	});
});
