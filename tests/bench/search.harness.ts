// Runs in headless Chromium: the device's encrypted RxDB (Dexie) holding a generated commune,
// and the same search code the residents screen uses (buildSearchIndex once, searchResidents per keystroke).
import { saveRecords } from '$lib/db';
import { openBrowserDatabase } from '$lib/db/browser';
import type { AppDatabase, RecordDoc } from '$lib/db';
import type { Household } from '$lib/domain/household';
import type { Resident } from '$lib/domain/resident';
import { buildSearchIndex, searchResidents, type SearchIndex } from '$lib/domain/search';
import { makeHamletPopulation } from '../factories';

let db: AppDatabase;
let index: SearchIndex;
let residents: Resident[] = [];

async function seed(target: number) {
	const t0 = performance.now();
	db = await openBrowserDatabase('bench.search', 'bench-search-password');
	const used = new Set<string>();
	const hamlets = ['ap-ben-cho', 'ap-thanh-hoa'];
	let count = 0;
	for (let round = 0; count < target; round++) {
		const pop = makeHamletPopulation({
			hamlet: hamlets[round % hamlets.length],
			households: 500,
			seed: 1000 + round,
			usedIdNumbers: used
		});
		pop.households.forEach((h) => (h.id = `${h.id}-r${round}`));
		const rows = pop.residents.slice(0, target - count).map((r) => ({
			...r,
			id: `${r.id}-r${round}`,
			householdId: `${r.householdId}-r${round}`
		}));
		for (let i = 0; i < rows.length; i += 1000) {
			await saveRecords(db, 'residents', rows.slice(i, i + 1000) as unknown as RecordDoc[]);
		}
		await saveRecords(db, 'households', pop.households as unknown as RecordDoc[]);
		count += rows.length;
	}
	return { residents: count, seed_ms: performance.now() - t0 };
}

/** What the residents screen does when the device opens: read every record, build the index. */
async function load() {
	const t0 = performance.now();
	residents = (await db.collections.residents.find().exec()).map((d) => d.toJSON() as Resident);
	const households = (await db.collections.households.find().exec()).map(
		(d) => d.toJSON() as Household
	);
	const t1 = performance.now();
	index = buildSearchIndex(residents, households);
	const t2 = performance.now();
	return {
		residents: residents.length,
		households: households.length,
		load_ms: t1 - t0,
		index_build_ms: t2 - t1
	};
}

/** Every keystroke of every query is one search, as the search box runs it. */
function measure(queries: string[], rounds: number) {
	const samples: number[] = [];
	const hits: Record<string, number> = {};
	for (let r = 0; r < rounds; r++) {
		for (const q of queries) {
			for (let len = 1; len <= q.length; len++) {
				const typed = q.slice(0, len);
				if (!typed.trim()) continue;
				const t0 = performance.now();
				const out = searchResidents(index, typed, 30);
				samples.push(performance.now() - t0);
				if (len === q.length) hits[q] = out.length;
			}
		}
	}
	return { samples, hits };
}

/** Typical queries, built from the generated data so numbers and names exist. */
function queries(): string[] {
	const withId = residents.filter((r) => r.idNumber).slice(0, 3);
	const withPhone = residents.filter((r) => r.phone).slice(0, 3);
	return [
		'nguyen van',
		'tran thi hong',
		'Nguyễn Thị Lan',
		'le van hung',
		'hung',
		'pham minh',
		'vo thi',
		'huynh',
		withId[0]!.idNumber!,
		withId[1]!.idNumber!.slice(0, 6),
		'0' + withPhone[0]!.phone!.slice(3),
		withPhone[1]!.phone!.slice(-6),
		'12/3',
		'45'
	];
}

(window as unknown as { harness: unknown }).harness = { seed, load, measure, queries };
document.title = 'harness-ready';
