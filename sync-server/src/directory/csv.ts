import { DirectoryError } from './errors.ts';

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF; first row is the header. */
export function parseCsv(text: string): Record<string, string>[] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	const src = text.replace(/^\uFEFF/, '');
	const endField = () => {
		row.push(field);
		field = '';
	};
	for (let i = 0; i < src.length; i++) {
		const ch = src[i];
		if (quoted) {
			if (ch === '"' && src[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"' && field === '') quoted = true;
		else if (ch === ',') endField();
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && src[i + 1] === '\n') i++;
			endField();
			rows.push(row);
			row = [];
		} else field += ch;
	}
	if (quoted) throw new DirectoryError('invalid', 'CSV: unterminated quoted field');
	if (field !== '' || row.length) {
		endField();
		rows.push(row);
	}
	const [header, ...body] = rows.filter((r) => r.some((f) => f.trim() !== ''));
	if (!header) throw new DirectoryError('invalid', 'CSV is empty');
	const keys = header.map((h) => h.trim());
	return body.map((r, n) => {
		if (r.length !== keys.length) {
			throw new DirectoryError(
				'invalid',
				`CSV line ${n + 2}: ${r.length} fields, header has ${keys.length}`
			);
		}
		return Object.fromEntries(keys.map((k, i) => [k, r[i].trim()]));
	});
}
