import { describe, expect, it } from 'vitest';
import { vietQrPayload } from '../../../src/lib/domain/dossier/index.ts';
import { qrModules, qrSvg } from '../../../src/lib/qr/svg.ts';
import { readFormat, readQr } from './qr-read.ts';

const payload = vietQrPayload({
	bin: '970405',
	accountNumber: '7300201001234',
	amountVnd: 20000,
	note: 'Le phi 000.00.25.H57-261120-0012'
});

describe('QR code as SVG', () => {
	it('draws a VietQR payload that reads back to the same text', () => {
		const m = qrModules(payload);
		expect(readFormat(m).ecc).toBe('M');
		expect(readQr(m)).toBe(payload);
	});

	it('reads back text of every mode the encoder may choose', () => {
		for (const text of [
			'0123456789012345',
			'HELLO 000.00.25.H57-261120-0012',
			'chuyển khoản lệ phí'
		]) {
			expect(readQr(qrModules(text))).toBe(text);
		}
	});

	it('is a square SVG with a 4-module quiet zone, finder patterns and a title', () => {
		const { svg, version, modules } = qrSvg(payload, { title: 'Mã VietQR <lệ phí>' });
		const core = version * 4 + 17;
		expect(modules).toBe(core + 8);
		expect(svg).toMatch(new RegExp(`^<svg [^>]*viewBox="0 0 ${modules} ${modules}"`));
		expect(svg).toContain('<title>Mã VietQR &#60;lệ phí&#62;</title>');
		// Row 4 (the first of the symbol) starts with the 7-module top of a finder pattern.
		expect(svg).toContain('M4 4h7v1h-7z');
		const m = qrModules(payload);
		for (const [x, y] of [
			[0, 0],
			[core - 7, 0],
			[0, core - 7]
		]) {
			expect(
				[0, 1, 2, 3, 4, 5, 6].every((i) => m[y][x + i] && m[y + 6][x + i] && m[y + i][x])
			).toBe(true);
			expect(m[y + 1][x + 1]).toBe(false);
			expect(m[y + 3][x + 3]).toBe(true);
		}
		expect(svg.length).toBeLessThan(20_000);
	});
});
