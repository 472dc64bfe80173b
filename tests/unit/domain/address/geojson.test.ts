import { describe, expect, it } from 'vitest';
import {
	importPointsGeoJson,
	MAX_IMPORT_BYTES,
	pointsToGeoJson,
	readPointsFile,
	type ImportContext
} from '../../../../src/lib/domain/address/index.ts';
import { loadBoundary } from '../../../../sync-server/src/maps/boundaries.ts';
import { makeAddressPoint } from '../../../factories/address.ts';
import { THANH_DUC } from '../../../factories/vietnam.ts';

const boundary = loadBoundary('25657')!;
const points = Array.from({ length: 50 }, (_, i) =>
	makeAddressPoint({ seed: i + 1, hamlet: THANH_DUC.hamlets[i % 2].id })
);

describe('GeoJSON export', () => {
	const fc = JSON.parse(JSON.stringify(pointsToGeoJson(points))) as ReturnType<
		typeof pointsToGeoJson
	>;

	it('is an RFC 7946 FeatureCollection of points written [longitude, latitude]', () => {
		expect(fc.type).toBe('FeatureCollection');
		expect(fc).not.toHaveProperty('crs');
		expect(fc.features).toHaveLength(50);
		for (const [i, f] of fc.features.entries()) {
			expect(f.type).toBe('Feature');
			expect(typeof f.id).toBe('string');
			expect(f.geometry.type).toBe('Point');
			const [lng, lat] = f.geometry.coordinates;
			expect(f.geometry.coordinates).toHaveLength(2);
			expect(lng).toBeCloseTo(points[i].position.lng, 7);
			expect(lat).toBeCloseTo(points[i].position.lat, 7);
			expect(boundary.contains({ lng, lat })).toBe(true);
		}
	});

	it('carries accuracy, method, samples, Plus Code and status, but no household or consent', () => {
		const p = fc.features[0].properties;
		expect(p).toMatchObject({
			accuracy_m: points[0].gps!.accuracyM,
			method: 'gps_averaged',
			samples: points[0].gps!.samples,
			plus_code: points[0].plusCode,
			status: 'draft',
			commune: '25657'
		});
		expect(Object.keys(p).join()).not.toMatch(/household|consent/);
	});
});

describe('GeoJSON import', () => {
	let n = 0;
	const ctx: ImportContext = {
		commune: '25657',
		hamlets: THANH_DUC.hamlets,
		insideCommune: (p) => boundary.contains(p),
		by: 'cb.tranvanhai',
		at: '2026-11-25T09:00:00+07:00',
		source: 'Khảo sát 2025',
		newId: () => `ap-import-${++n}`
	};
	const good = (coordinates: unknown, props: Record<string, unknown> = {}, id?: unknown) => ({
		type: 'Feature',
		...(id === undefined ? {} : { id }),
		geometry: { type: 'Point', coordinates },
		properties: { hamlet: 'ap-ben-cho', ...props }
	});
	const c = boundary.center;

	it('takes back what it exported', () => {
		const report = importPointsGeoJson(pointsToGeoJson(points), ctx);
		expect(report.refused).toEqual([]);
		expect(report.accepted).toHaveLength(50);
		expect(report.accepted[3]).toMatchObject({
			position: points[3].position,
			plusCode: points[3].plusCode,
			hamlet: points[3].hamlet,
			importedFrom: 'Khảo sát 2025',
			review: { status: 'submitted' }
		});
	});

	it('reports each refused feature with its reasons', () => {
		const file = {
			type: 'FeatureCollection',
			features: [
				good(
					[c.lng, c.lat],
					{
						hamlet: 'Ấp Thạnh Hòa',
						accuracy_m: 4,
						samples: 12,
						object_type: 'shop',
						name: 'Tạp hoá Bảy'
					},
					'a'
				),
				good([c.lat, c.lng], {}, 'b'),
				good([105.85, 21.03], {}, 'c'),
				{
					type: 'Feature',
					geometry: {
						type: 'LineString',
						coordinates: [
							[c.lng, c.lat],
							[c.lng, c.lat + 0.001]
						]
					},
					properties: {}
				},
				good([c.lng, c.lat], { hamlet: 'ap-khong-co' }, 'e'),
				good([c.lng, c.lat], { object_type: 'castle' }, 'a'),
				good(['106.2', 11.2], {}, 'g'),
				'not a feature',
				good([c.lng, c.lat], { name: 'mật khẩu: Abc@12345' }, 'i')
			]
		};
		const report = importPointsGeoJson(file, ctx);
		expect(report.accepted.map((p) => [p.hamlet, p.method, p.objectType, p.name])).toEqual([
			['ap-thanh-hoa', 'gps_averaged', 'shop', 'Tạp hoá Bảy']
		]);
		expect(report.refused.map((r) => [r.index, r.id, r.reasons.map((x) => x.rule)])).toEqual([
			[1, 'b', ['import.swapped']],
			[2, 'c', ['import.outsideCommune']],
			[3, null, ['import.notPoint', 'import.hamlet']],
			[4, 'e', ['import.hamlet']],
			[5, 'a', ['import.duplicateId', 'import.objectType']],
			[6, 'g', ['import.coordinates']],
			[7, null, ['import.notFeature']],
			[8, 'i', ['notes.password']]
		]);
		expect(report.refused[0].reasons[0].message.vi).toMatch(/kinh độ/);
	});

	it('refuses a file that is not a collection, or too big', () => {
		expect(importPointsGeoJson({ type: 'Feature' }, ctx).fileError?.rule).toBe(
			'import.notCollection'
		);
		const many = { type: 'FeatureCollection', features: new Array(11).fill(good([c.lng, c.lat])) };
		expect(importPointsGeoJson(many, { ...ctx, maxFeatures: 10 }).fileError?.rule).toBe(
			'import.tooMany'
		);
	});
});

describe('reading a picked GeoJSON file', () => {
	let n = 0;
	const ctx: ImportContext = {
		commune: '25657',
		hamlets: THANH_DUC.hamlets,
		insideCommune: (p) => boundary.contains(p),
		by: 'cb.tranvanhai',
		at: '2026-11-25T09:00:00+07:00',
		source: 'Khảo sát 2025',
		newId: () => `ap-file-${++n}`
	};
	const c = boundary.center;
	const point = (coordinates: unknown, properties: Record<string, unknown> | null = {}) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates },
		properties
	});
	const file = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
	const read = (text: string, more: Partial<ImportContext> = {}) =>
		readPointsFile(text, new TextEncoder().encode(text).length, { ...ctx, ...more });

	it('refuses, as a whole, a file that is not JSON, too big, or not a collection', () => {
		expect(read('{"type": "FeatureCollection", "features": [').fileError?.rule).toBe(
			'import.notJson'
		);
		expect(read('').fileError?.message.vi).toMatch(/không đọc được/);
		expect(readPointsFile(file([]), MAX_IMPORT_BYTES + 1, ctx).fileError?.rule).toBe(
			'import.tooLarge'
		);
		expect(read('[1, 2]').fileError?.rule).toBe('import.notCollection');
		expect(read(JSON.stringify(point([c.lng, c.lat]))).fileError?.rule).toBe(
			'import.notCollection'
		);
		expect(
			read('\uFEFF' + file([point([c.lng, c.lat], { hamlet: 'ap-ben-cho' })])).accepted
		).toHaveLength(1);
	});

	it('refuses polygons, swapped or out-of-range positions and a missing hamlet, by index', () => {
		const report = read(
			file([
				point([c.lng, c.lat], { hamlet: 'Ấp Bến Chò' }),
				{
					type: 'Feature',
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[c.lng, c.lat],
								[c.lng + 0.001, c.lat],
								[c.lng, c.lat + 0.001],
								[c.lng, c.lat]
							]
						]
					},
					properties: { hamlet: 'ap-ben-cho' }
				},
				point([c.lat, c.lng], { hamlet: 'ap-ben-cho' }),
				point([200, 11.2], { hamlet: 'ap-ben-cho' }),
				point([c.lng + 0.002, c.lat], null),
				point([c.lng, c.lat + 0.002], { hamlet: '' })
			])
		);
		expect(report.fileError).toBeUndefined();
		expect(report.accepted).toHaveLength(1);
		expect(report.refused.map((r) => [r.index, r.reasons.map((x) => x.rule)])).toEqual([
			[1, ['import.notPoint']],
			[2, ['import.swapped']],
			[3, ['import.coordinates']],
			[4, ['import.hamlet']],
			[5, ['import.hamlet']]
		]);
		expect(report.refused[3].reasons[0].message.vi).toBe(
			'Thiếu ấp/thôn, hoặc ấp/thôn không thuộc xã'
		);
	});

	it('without a boundary, still tells a swapped pair from Việt Nam by its ranges', () => {
		const report = read(file([point([11.2, 106.2], { hamlet: 'ap-ben-cho' })]), {
			insideCommune: undefined
		});
		expect(report.refused[0].reasons.map((r) => r.rule)).toEqual(['import.swapped']);
	});

	it('puts features without a hamlet in the one chosen in the dialog', () => {
		const report = read(file([point([c.lng, c.lat]), point([c.lng + 0.001, c.lat], {})]), {
			defaultHamlet: 'ap-thanh-hoa'
		});
		expect(report.refused).toEqual([]);
		expect(report.accepted.map((p) => p.hamlet)).toEqual(['ap-thanh-hoa', 'ap-thanh-hoa']);
		expect(
			read(file([point([c.lng, c.lat])]), { defaultHamlet: 'ap-khong-co' }).refused
		).toHaveLength(1);
	});

	it('refuses a feature on top of a point already there, or of one earlier in the file', () => {
		const there = makeAddressPoint({ seed: 9, hamlet: 'ap-ben-cho', position: c });
		const report = read(
			file([
				point([c.lng, c.lat], { hamlet: 'ap-ben-cho' }),
				point([c.lng + 0.01, c.lat], { hamlet: 'ap-ben-cho', house_number: '7' }),
				point([c.lng + 0.01, c.lat + 0.00003], { hamlet: 'ap-ben-cho', house_number: '7' }),
				// The same spot in another hamlet is another place.
				point([c.lng, c.lat], { hamlet: 'ap-thanh-hoa' })
			]),
			{ existing: [there] }
		);
		expect(report.refused.map((r) => [r.index, r.reasons.map((x) => x.rule)])).toEqual([
			[0, ['import.nearDuplicate']],
			[2, ['import.nearDuplicate']]
		]);
		expect(report.accepted.map((p) => p.hamlet)).toEqual(['ap-ben-cho', 'ap-thanh-hoa']);
	});
});
