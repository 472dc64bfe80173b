import { encode } from 'uqr';

export interface QrSvg {
	svg: string;
	/** QR version (1-40): the symbol is 17 + 4 × version modules wide, before the quiet zone. */
	version: number;
	/** Modules per side including the quiet zone. */
	modules: number;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The one place the QR library is used. Draws `text` as an SVG with a
 * 4-module quiet zone; dark modules are joined into one path of horizontal
 * runs, so a VietQR code stays a few kilobytes. Error correction M by default:
 * bank apps read it well off a phone screen.
 */
export function qrSvg(
	text: string,
	opts: { ecc?: 'L' | 'M' | 'Q' | 'H'; title?: string; pixelsPerModule?: number } = {}
): QrSvg {
	const qr = encode(text, { ecc: opts.ecc ?? 'M', border: 4 });
	const n = qr.size;
	let d = '';
	qr.data.forEach((row, y) => {
		for (let x = 0; x < n; x++) {
			if (!row[x]) continue;
			let end = x;
			while (end + 1 < n && row[end + 1]) end++;
			d += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`;
			x = end;
		}
	});
	const px = n * (opts.pixelsPerModule ?? 6);
	const title = opts.title ? `<title>${escapeXml(opts.title)}</title>` : '';
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${px}" height="${px}" role="img" shape-rendering="crispEdges">` +
		`${title}<rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
	return { svg, version: qr.version, modules: n };
}

/** The module matrix without the quiet zone (true = dark), for tests and other renderers. */
export function qrModules(text: string, ecc: 'L' | 'M' | 'Q' | 'H' = 'M'): boolean[][] {
	return encode(text, { ecc, border: 0 }).data;
}
