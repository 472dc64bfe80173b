import { parseReceiptCode, receiptCode } from './receipt';
import { foldVietnamese, stripNumberSeparators } from './text';

export { foldVietnamese as normalizeForSearch } from './text';

/** What the index needs of a resident. */
export interface SearchableResident {
	id: string;
	householdId: string;
	fullName: string;
	idNumber?: string | null;
	legacyIdNumber?: string | null;
	/** E.164 as stored. */
	phone?: string | null;
}

/** What the index needs of a household. */
export interface SearchableHousehold {
	id: string;
	houseNumber?: string | null;
}

export interface SearchIndex {
	/** Resident ids, ordered by folded name: result order. */
	readonly ids: readonly string[];
	readonly householdIds: readonly string[];
	/** Sorted distinct tokens (name words and house numbers). */
	readonly tokens: readonly string[];
	/** `postings[i]` lists, ascending, the residents holding `tokens[i]`. */
	readonly postings: readonly Uint32Array[];
	/** ID numbers and phone subscriber numbers, one string per resident, searched by substring. */
	readonly numbers: readonly string[];
	/** Receipt reference code → resident position: a code printed on a receipt finds its record. */
	readonly codes: ReadonlyMap<string, number>;
}

export interface SearchHit {
	id: string;
	householdId: string;
}

/** House numbers keep their slash (`12/3`) so `12/3` finds the house and not every 12 and 3. */
function foldHouseNumber(text: string): string {
	return foldVietnamese(text.replace(/\//g, ' slash '))
		.replace(/ slash /g, '/')
		.replace(/ /g, '');
}

/** Precomputes folded tokens and postings; build once, then query many times. */
export function buildSearchIndex(
	residents: readonly SearchableResident[],
	households: readonly SearchableHousehold[] = []
): SearchIndex {
	const houseOf = new Map<string, string>();
	for (const h of households) if (h.houseNumber) houseOf.set(h.id, foldHouseNumber(h.houseNumber));
	// Sorting plain strings (name, then id, then position) is much faster than a comparator.
	const keys = residents.map((r, i) => `${foldVietnamese(r.fullName)}\u0001${r.id}\u0001${i}`);
	keys.sort();
	const rows = keys.map((key) => {
		const r = residents[Number(key.slice(key.lastIndexOf('\u0001') + 1))];
		return { r, name: key.slice(0, key.indexOf('\u0001')) };
	});

	const byToken = new Map<string, number[]>();
	const numbers: string[] = [];
	const codes = new Map<string, number>();
	rows.forEach(({ r, name }, i) => {
		const tokens = name === '' ? [] : name.split(' ');
		const house = houseOf.get(r.householdId);
		if (house) tokens.push(house);
		codes.set(receiptCode(r.id), i);
		tokens.forEach((t, k) => {
			if (tokens.indexOf(t) !== k) return;
			const list = byToken.get(t);
			if (list) list.push(i);
			else byToken.set(t, [i]);
		});
		// A separator keeps a match from running across two numbers.
		let digits = r.idNumber ?? '';
		if (r.legacyIdNumber) digits += '|' + r.legacyIdNumber;
		if (r.phone) digits += '|0' + r.phone.slice(3);
		numbers.push(digits);
	});
	const tokens = [...byToken.keys()].sort();
	return {
		ids: rows.map(({ r }) => r.id),
		householdIds: rows.map(({ r }) => r.householdId),
		tokens,
		postings: tokens.map((t) => Uint32Array.from(byToken.get(t) ?? [])),
		numbers,
		codes
	};
}

function lowerBound(sorted: readonly string[], key: string): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < key) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Phone as typed (`+84 912…`, `84912…`, `0912…`) to the national form stored in the index. */
function nationalDigits(compact: string): string {
	if (compact.startsWith('+84')) return '0' + compact.slice(3);
	if (compact.startsWith('84') && compact.length === 11) return '0' + compact.slice(2);
	return compact;
}

/** Smallest run of digits searched inside ID and phone numbers; shorter runs match house numbers only. */
const MIN_NUMBER_QUERY = 4;

/**
 * Residents matching every word of the query, in name order. A word matches
 * the start of a name word in any order ("van nguyen a"), a house number, or
 * (4+ digits) part of an ID or phone number, however it was typed.
 */
export function searchResidents(index: SearchIndex, query: string, limit = 50): SearchHit[] {
	const n = index.ids.length;
	if (n === 0 || limit <= 0) return [];
	const code = parseReceiptCode(query);
	if (code) {
		const i = index.codes.get(code);
		return i === undefined ? [] : [{ id: index.ids[i], householdId: index.householdIds[i] }];
	}
	const compact = stripNumberSeparators(query.trim());
	// A whole query of digits (spaces and dots allowed) is one number, e.g. `0912 345 678`.
	if (/^\+?\d+$/.test(compact) && compact.replace('+', '').length >= MIN_NUMBER_QUERY) {
		const wanted = nationalDigits(compact);
		const hits = new Uint8Array(n);
		for (let i = 0; i < n; i++) if (index.numbers[i].includes(wanted)) hits[i] = 1;
		const house = lowerBound(index.tokens, compact);
		if (index.tokens[house] === compact) for (const i of index.postings[house]) hits[i] = 1;
		return collect(index, (i) => hits[i] === 1, limit);
	}
	const words = [
		...new Set(
			query
				.split(/\s+/)
				.filter(Boolean)
				.flatMap((w) => (w.includes('/') ? [foldHouseNumber(w)] : foldVietnamese(w).split(' ')))
				.filter(Boolean)
		)
	];
	if (words.length === 0) return [];
	// counts[i] = how many query words resident i matched so far, in word order; exact[i] the
	// same for whole-word matches, which rank first ("nguyen van a" puts "Nguyễn Văn A" on top).
	const counts = new Uint8Array(n);
	const exact = new Uint8Array(n);
	words.forEach((word, w) => {
		for (let t = lowerBound(index.tokens, word); t < index.tokens.length; t++) {
			const token = index.tokens[t];
			if (!token.startsWith(word)) break;
			const whole = token.length === word.length;
			for (const i of index.postings[t]) {
				if (counts[i] === w) counts[i] = w + 1;
				if (whole && exact[i] === w) exact[i] = w + 1;
			}
		}
		if (/^\d+$/.test(word) && word.length >= MIN_NUMBER_QUERY) {
			for (let i = 0; i < n; i++) {
				if (counts[i] === w && index.numbers[i].includes(word)) counts[i] = w + 1;
			}
		}
	});
	const want = words.length;
	const out = collect(index, (i) => counts[i] === want && exact[i] === want, limit);
	if (out.length < limit) {
		out.push(...collect(index, (i) => counts[i] === want && exact[i] !== want, limit - out.length));
	}
	return out;
}

function collect(index: SearchIndex, keep: (i: number) => boolean, limit: number): SearchHit[] {
	const out: SearchHit[] = [];
	for (let i = 0; i < index.ids.length && out.length < limit; i++) {
		if (keep(i)) out.push({ id: index.ids[i], householdId: index.householdIds[i] });
	}
	return out;
}
