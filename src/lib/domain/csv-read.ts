/** Why a CSV file could not be read, and where. */
export type CsvProblem =
	| { kind: 'empty' }
	| { kind: 'unterminated' }
	| { kind: 'fields'; line: number; fields: number; expected: number };

export type CsvRead =
	| { ok: true; header: string[]; rows: { line: number; cells: Record<string, string> }[] }
	| { ok: false; problem: CsvProblem };

/**
 * RFC 4180 reader: quoted fields, doubled quotes, CRLF; the first non-blank row is the header.
 * Excel in Việt Nam writes `;` (the decimal mark there is a comma): a header with semicolons and
 * no comma is read with `;`. Lines are counted as the file shows them, quoted line breaks included.
 */
export function readCsv(text: string): CsvRead {
	const src = text.replace(/^\uFEFF/, '');
	const firstLine = src.slice(0, src.search(/\r|\n|$/));
	const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
	const rows: { line: number; cells: string[] }[] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let rowLine = 1;
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
			else {
				if (ch === '\n') line++;
				field += ch;
			}
		} else if (ch === '"' && field === '') quoted = true;
		else if (ch === sep) endField();
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && src[i + 1] === '\n') i++;
			endField();
			rows.push({ line: rowLine, cells: row });
			row = [];
			rowLine = ++line;
		} else field += ch;
	}
	if (quoted) return { ok: false, problem: { kind: 'unterminated' } };
	if (field !== '' || row.length) {
		endField();
		rows.push({ line: rowLine, cells: row });
	}
	const [head, ...body] = rows.filter((r) => r.cells.some((f) => f.trim() !== ''));
	if (!head) return { ok: false, problem: { kind: 'empty' } };
	const header = head.cells.map((h) => h.trim());
	const out: { line: number; cells: Record<string, string> }[] = [];
	for (const r of body) {
		if (r.cells.length !== header.length) {
			return {
				ok: false,
				problem: { kind: 'fields', line: r.line, fields: r.cells.length, expected: header.length }
			};
		}
		out.push({
			line: r.line,
			cells: Object.fromEntries(header.map((k, i) => [k, r.cells[i].trim()]))
		});
	}
	return { ok: true, header, rows: out };
}
