import { describe, expect, it } from 'vitest';
import {
	distanceM,
	householdsForPoint,
	localProjection,
	nearDuplicates,
	normalizeHouseNumber,
	pointFindings,
	PointGrid,
	type GridEntry
} from '../../../../src/lib/domain/address/index.ts';
import { makeAddressPoint, THANH_DUC_CENTER } from '../../../factories/address.ts';
import { createRng } from '../../../factories/random.ts';

const proj = localProjection(THANH_DUC_CENTER);

function at(dx: number, dy: number) {
	const p = proj.toLngLat(dx, dy);
	return { lng: p.lng, lat: p.lat };
}

function entry(
	id: string,
	dx: number,
	dy: number,
	hamlet = 'ap-ben-cho',
	houseNumber: string | null = null
): GridEntry {
	return { id, position: at(dx, dy), hamlet, houseNumber };
}

describe('spatial grid of points', () => {
	it('finds exactly what a full scan finds, over 30,000 points of a commune', () => {
		const rng = createRng(5);
		const all: GridEntry[] = Array.from({ length: 30_000 }, (_, i) =>
			entry(`p${i}`, (rng.next() * 2 - 1) * 6000, (rng.next() * 2 - 1) * 6000)
		);
		const grid = new PointGrid(THANH_DUC_CENTER);
		all.forEach((e) => grid.put(e));
		expect(grid.size).toBe(30_000);
		let nonEmpty = 0;
		for (let q = 0; q < 300; q++) {
			const base = all[rng.int(0, all.length - 1)].position;
			const p = {
				lng: base.lng + (rng.next() - 0.5) * 2e-4,
				lat: base.lat + (rng.next() - 0.5) * 2e-4
			};
			const radius = rng.pick([3, 8, 20]);
			const expected = all
				.filter((e) => distanceM(p, e.position) <= radius)
				.map((e) => e.id)
				.sort();
			const got = grid
				.near(p, radius)
				.map((n) => n.entry.id)
				.sort();
			expect(got).toEqual(expected);
			if (expected.length > 0) nonEmpty++;
		}
		expect(nonEmpty).toBeGreaterThan(50);
	});

	it('moves and removes entries', () => {
		const grid = new PointGrid(THANH_DUC_CENTER);
		grid.put(entry('a', 0, 0));
		grid.put(entry('a', 100, 0));
		expect(grid.size).toBe(1);
		expect(grid.near(at(0, 0), 8)).toEqual([]);
		expect(grid.near(at(100, 1), 8).map((n) => n.entry.id)).toEqual(['a']);
		grid.remove('a');
		expect(grid.near(at(100, 1), 8)).toEqual([]);
	});
});

describe('near-duplicate points', () => {
	const grid = new PointGrid(THANH_DUC_CENTER);
	grid.put(entry('house-5m', 5, 0, 'ap-ben-cho', '12'));
	grid.put(entry('house-2m', 0, 2, 'ap-ben-cho', '14'));
	grid.put(entry('other-hamlet', 1, 1, 'ap-thanh-hoa', '12'));
	grid.put(entry('far', 30, 0, 'ap-ben-cho', '12'));

	it('lists points within 8 m of the same hamlet, nearest first, and asks to confirm within 3 m', () => {
		const near = nearDuplicates(
			{ id: 'new', position: at(0, 0), hamlet: 'ap-ben-cho', houseNumber: '99' },
			grid
		);
		expect(near).toEqual([
			{ id: 'house-2m', distanceM: 2, sameHouseNumber: false, needsConfirm: true },
			{ id: 'house-5m', distanceM: 5, sameHouseNumber: false, needsConfirm: false }
		]);
	});

	it('asks to confirm for the same house number a few metres away, written another way', () => {
		const near = nearDuplicates(
			{ id: 'new', position: at(9, 0), hamlet: 'ap-ben-cho', houseNumber: 'Số 12' },
			grid
		);
		expect(near.map((n) => [n.id, n.needsConfirm])).toEqual([['house-5m', true]]);
		expect(normalizeHouseNumber(' Số 12/3a ')).toBe(normalizeHouseNumber('12/3A'));
	});

	it('turns them into findings: a warning, or a confirmation until confirmed', () => {
		const base = makeAddressPoint({ seed: 3, position: at(0, 0), houseNumber: '99' });
		const find = (p: typeof base) =>
			pointFindings(p, { grid }).map((f) => `${f.rule}:${f.severity}`);
		expect(find(base)).toEqual(['address.duplicateConfirm:confirm']);
		expect(find({ ...base, confirmed: ['nearDuplicate'] })).toEqual([
			'address.nearDuplicate:warning'
		]);
		const alone = { ...base, position: at(200, 200) };
		expect(find(alone)).toEqual([]);
		// The point is already in the grid under its own id: it is not its own duplicate.
		grid.put({ id: base.id, position: alone.position, hamlet: base.hamlet, houseNumber: '99' });
		expect(find(alone)).toEqual([]);
	});

	it('warns, never blocks, on a weak GPS reading, and asks to confirm a point outside the commune', () => {
		const p = makeAddressPoint({ seed: 4 });
		const weak = { ...p, gps: { ...p.gps!, accuracyM: 25 } };
		expect(pointFindings(weak).map((f) => f.severity)).toEqual(['warning']);
		const outside = pointFindings(p, { insideCommune: () => false });
		expect(outside.map((f) => `${f.rule}:${f.severity}`)).toEqual([
			'address.outsideCommune:confirm'
		]);
		expect(
			pointFindings({ ...p, confirmed: ['outsideCommune'] }, { insideCommune: () => false })[0]
				.severity
		).toBe('warning');
	});
});

describe('household link by house number', () => {
	it('offers the households of the hamlet with that number, same street first', () => {
		const households = [
			{ id: 'h1', hamlet: 'ap-ben-cho', houseNumber: '12', street: 'Hẻm 3' },
			{ id: 'h2', hamlet: 'ap-ben-cho', houseNumber: 'số 12', street: 'Hẻm 5' },
			{ id: 'h3', hamlet: 'ap-thanh-hoa', houseNumber: '12', street: 'Hẻm 5' },
			{ id: 'h4', hamlet: 'ap-ben-cho', houseNumber: '120', street: 'Hẻm 5' }
		];
		const point = { hamlet: 'ap-ben-cho', houseNumber: '12', street: 'Hẻm 5' };
		expect(householdsForPoint(point, households).map((h) => h.id)).toEqual(['h2', 'h1']);
		expect(householdsForPoint({ ...point, houseNumber: null }, households)).toEqual([]);
	});
});
