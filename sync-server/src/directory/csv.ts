import { readCsv } from '../../../src/lib/domain/csv-read.ts';
import { DirectoryError } from './errors.ts';

/** The domain's CSV reader (`readCsv`), its problems as the directory's errors. */
export function parseCsv(text: string): Record<string, string>[] {
	const r = readCsv(text);
	if (r.ok) return r.rows.map((row) => row.cells);
	const p = r.problem;
	throw new DirectoryError(
		'invalid',
		p.kind === 'empty'
			? 'CSV is empty'
			: p.kind === 'unterminated'
				? 'CSV: unterminated quoted field'
				: `CSV line ${p.line}: ${p.fields} fields, header has ${p.expected}`
	);
}
