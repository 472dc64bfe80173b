import { describe, expect, it } from 'vitest';
import {
	importPointsGeoJson,
	pointsToGeoJson,
	type ImportContext
} from '../../../../src/lib/domain/address/index.ts';
import { addressPointsCsv } from '../../../../src/lib/services/address-export.service.ts';
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

	it('has a CSV twin with the same columns for Excel', () => {
		const csv = addressPointsCsv(points.slice(0, 2));
		const [head, first] = csv.replace('\uFEFF', '').split('\r\n');
		expect(head.split(',').slice(0, 4)).toEqual(['id', 'lng', 'lat', 'object_type']);
		expect(head.split(',')).toContain('plus_code');
		expect(first.split(',')[0]).toBe(points[0].id);
		expect(Number(first.split(',')[1])).toBe(points[0].position.lng);
		expect(addressPointsCsv([])).toBe(
			'\uFEFFid,lng,lat,' + head.split(',').slice(3).join(',') + '\r\n'
		);
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
