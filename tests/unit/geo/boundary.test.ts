import { describe, expect, it } from 'vitest';
import { shippedBoundaryFiles, loadBoundary } from '../../../sync-server/src/maps/boundaries.ts';
import { Boundary } from '../../../src/lib/geo/boundary.ts';
import { readFileSync } from 'node:fs';

describe('commune boundaries of Tây Ninh', () => {
	const files = shippedBoundaryFiles();

	it('ships all 96 communes of the province, each one feature', () => {
		expect(files.size).toBe(96);
		for (const [code, file] of files) {
			const b = Boundary.parse(JSON.parse(readFileSync(file, 'utf8')));
			expect(b.code).toBe(code);
		}
	});

	it('tells Thạnh Đức from its neighbour Truông Mít', () => {
		const thanhDuc = loadBoundary('25657')!;
		const truongMit = loadBoundary('25666')!;
		expect(thanhDuc.name).toBe('Xã Thạnh Đức');
		expect(thanhDuc.contains(thanhDuc.center)).toBe(true);
		expect(truongMit.contains(thanhDuc.center)).toBe(false);
		expect(thanhDuc.contains(truongMit.center)).toBe(false);
		expect(thanhDuc.contains({ lng: 105.85, lat: 21.03 })).toBe(false);
	});

	it('keeps a hole out: the hole of Châu Thành is an exclave of Hảo Đước (a multipolygon)', () => {
		const chauThanh = loadBoundary('25585')!;
		const haoDuoc = loadBoundary('25588')!;
		expect(chauThanh.feature.geometry.type).toBe('MultiPolygon');
		const [outer, hole] = (chauThanh.feature.geometry.coordinates as number[][][][])[0];
		expect(hole).toBeDefined();
		const inHole = {
			lng: hole.slice(0, -1).reduce((s, p) => s + p[0], 0) / (hole.length - 1),
			lat: hole.slice(0, -1).reduce((s, p) => s + p[1], 0) / (hole.length - 1)
		};
		expect(chauThanh.contains(inHole)).toBe(false);
		expect(haoDuoc.contains(inHole)).toBe(true);
		expect((haoDuoc.feature.geometry.coordinates as unknown[]).length).toBe(2);
		expect(outer.length).toBeGreaterThan(100);
	});

	it('refuses what is not a boundary', () => {
		expect(() => Boundary.parse({ type: 'Point', coordinates: [1, 2] })).toThrow();
		expect(() =>
			Boundary.parse({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[1, 2]]] } })
		).toThrow();
		expect(loadBoundary('99999')).toBeNull();
	});
});
