import { describe, expect, it } from 'vitest';
import {
	mergeRecords,
	resolveConflict,
	sameRecord,
	unionConflicts,
	type MergeDoc
} from '$lib/domain/merge';
import type { Conflict } from '$lib/domain/envelope';
import { createRng } from '../../factories/random.ts';

const FIELDS = ['fullName', 'phone', 'notes', 'houseNumber'] as const;

function at(tick: number): string {
	return new Date(Date.UTC(2026, 0, 1) + tick * 1000).toISOString();
}

function baseDoc(): MergeDoc {
	return {
		id: 'r1',
		schemaVersion: 1,
		fullName: 'Nguyễn Văn A',
		phone: null,
		notes: '',
		houseNumber: '12',
		updatedAt: at(0),
		updatedBy: 'server'
	};
}

interface Device {
	user: string;
	/** Local (fork) state. */
	fork: MergeDoc;
	/** What the device believes the server holds: RxDB's assumed master state. */
	assumed: MergeDoc;
}

interface Write {
	field: string;
	value: string;
	superseded: boolean;
}

/** Mirrors RxDB's upstream: push if the server still holds the assumed state, else merge and retry later. */
function push(d: Device, server: { doc: MergeDoc }): void {
	if (sameRecord(d.fork, d.assumed)) return;
	if (sameRecord(server.doc, d.assumed)) {
		server.doc = structuredClone(d.fork);
		d.assumed = structuredClone(d.fork);
		return;
	}
	d.fork = mergeRecords(d.assumed, d.fork, server.doc);
	d.assumed = structuredClone(server.doc);
}

/** Mirrors RxDB's downstream: a fork with unpushed edits is left for the upstream to resolve. */
function pull(d: Device, server: { doc: MergeDoc }): void {
	if (!sameRecord(d.fork, d.assumed)) return;
	d.fork = structuredClone(server.doc);
	d.assumed = structuredClone(server.doc);
}

function runScenario(seed: number, deviceCount: number, steps: number) {
	const gen = createRng(seed);
	const random = () => gen.next();
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
	const server = { doc: baseDoc() };
	const devices: Device[] = Array.from({ length: deviceCount }, (_, i) => ({
		user: `tnv${i + 1}`,
		fork: baseDoc(),
		assumed: baseDoc()
	}));
	const writes: Write[] = [];
	let tick = 1;
	for (let s = 0; s < steps; s++) {
		const d = pick(devices);
		const op = random();
		if (op < 0.5) {
			const field = pick(FIELDS);
			const seen = d.fork[field];
			for (const w of writes) if (w.field === field && w.value === seen) w.superseded = true;
			const value = `${d.user}-${s}`;
			writes.push({ field, value, superseded: false });
			d.fork = { ...d.fork, [field]: value, updatedAt: at(tick++), updatedBy: d.user };
		} else if (op < 0.8) {
			push(d, server);
		} else {
			pull(d, server);
		}
	}
	// Everyone reconnects until nothing changes any more.
	for (let round = 0; round < 20; round++) {
		for (const d of devices) {
			push(d, server);
			pull(d, server);
		}
	}
	return { server: server.doc, devices, writes };
}

describe('mergeRecords', () => {
	const base = baseDoc();

	it('takes fields changed on one side only', () => {
		const local = { ...base, phone: '+84912345678', updatedAt: at(5), updatedBy: 'tnv1' };
		const remote = { ...base, notes: 'Đã hẹn', updatedAt: at(4), updatedBy: 'tnv2' };
		const merged = mergeRecords(base, local, remote);
		expect(merged.phone).toBe('+84912345678');
		expect(merged.notes).toBe('Đã hẹn');
		expect(merged.conflicts).toBeUndefined();
		expect(merged.updatedBy).toBe('tnv1');
	});

	it('keeps the server value and records the losing local value', () => {
		const local = { ...base, fullName: 'Nguyễn Văn Anh', updatedAt: at(5), updatedBy: 'tnv1' };
		const remote = { ...base, fullName: 'Nguyễn Văn An', updatedAt: at(6), updatedBy: 'tnv2' };
		const merged = mergeRecords(base, local, remote);
		expect(merged.fullName).toBe('Nguyễn Văn An');
		expect(merged.conflicts).toEqual([
			{ field: 'fullName', value: 'Nguyễn Văn Anh', by: 'tnv1', at: at(5) }
		]);
	});

	it('records no conflict when both sides wrote the same value', () => {
		const local = { ...base, notes: 'x', updatedAt: at(5), updatedBy: 'tnv1' };
		const remote = { ...base, notes: 'x', updatedAt: at(6), updatedBy: 'tnv2' };
		expect(mergeRecords(base, local, remote).conflicts).toBeUndefined();
	});

	it('treats every differing field as concurrent when there is no common ancestor', () => {
		const local = { ...base, houseNumber: '14', updatedBy: 'tnv1' };
		const merged = mergeRecords(undefined, local, base);
		expect(merged.houseNumber).toBe('12');
		expect(merged.conflicts?.map((c) => c.value)).toEqual(['14']);
	});

	it('unions conflicts from both sides without duplicates', () => {
		const c1: Conflict = { field: 'notes', value: { a: 1, b: 2 }, by: 'tnv1', at: at(1) };
		const c1Reordered: Conflict = { field: 'notes', value: { b: 2, a: 1 }, by: 'tnv1', at: at(1) };
		const c2: Conflict = { field: 'phone', value: '+84912345678', by: 'tnv2', at: at(2) };
		expect(unionConflicts([c1], [c1Reordered, c2])).toEqual([c1, c2]);
		const merged = mergeRecords(
			base,
			{ ...base, conflicts: [c1, c2] },
			{ ...base, conflicts: [c1] }
		);
		expect(merged.conflicts).toEqual([c1, c2]);
	});

	it('keeps a deletion from either side', () => {
		const merged = mergeRecords(base, { ...base, notes: 'y' }, { ...base, _deleted: true });
		expect(merged._deleted).toBe(true);
	});
});

describe('concurrent edits through a simulated server (property)', () => {
	const SEEDS = 400;
	it(`converges and loses no written value over ${SEEDS} random runs`, () => {
		let runsWithConflicts = 0;
		for (let seed = 1; seed <= SEEDS; seed++) {
			const devices = 2 + (seed % 2);
			const { server, devices: ds, writes } = runScenario(seed, devices, 10 + (seed % 60));
			for (const d of ds) {
				expect(sameRecord(d.fork, server), `seed ${seed}: ${d.user} diverged`).toBe(true);
			}
			const conflicts = (server.conflicts as Conflict[] | undefined) ?? [];
			if (conflicts.length > 0) runsWithConflicts++;
			for (const w of writes) {
				if (w.superseded) continue;
				const kept =
					server[w.field] === w.value ||
					conflicts.some((c) => c.field === w.field && c.value === w.value);
				expect(kept, `seed ${seed}: ${w.field}=${w.value} lost`).toBe(true);
			}
		}
		// The generator must actually produce concurrent edits, or the property says nothing.
		expect(runsWithConflicts).toBeGreaterThan(SEEDS / 4);
	});
});

describe('resolveConflict', () => {
	const c1: Conflict = { field: 'fullName', value: 'Lê Văn B', by: 'tnv1', at: at(3) };
	const c2: Conflict = { field: 'notes', value: 'ghi chú', by: 'tnv2', at: at(4) };
	const doc: MergeDoc = { ...baseDoc(), conflicts: [c1, c2] };

	it('keeps the current value and closes only that conflict', () => {
		const out = resolveConflict(doc, { ...c1 }, 'keepCurrent');
		expect(out.fullName).toBe('Nguyễn Văn A');
		expect(out.conflicts).toEqual([c2]);
	});

	it('takes the conflicting value when chosen', () => {
		const out = resolveConflict(doc, c2, 'useConflicting');
		expect(out.notes).toBe('ghi chú');
		expect(out.conflicts).toEqual([c1]);
	});
});
