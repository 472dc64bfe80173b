import { z } from 'zod';
import type { Unit } from './directory';

/** Entries listed per kind of change; the counts are always complete. */
export const UNITS_DIFF_LIST_MAX = 500;

export interface UnitChange {
	code: string;
	level: Unit['level'];
	province: string;
	before: { name: string; unitType: string };
	after: { name: string; unitType: string };
}

export interface UnitsDiff {
	counts: { added: number; removed: number; changed: number; unchanged: number };
	added: Unit[];
	/** No longer in the new list: merged into another unit or abolished. */
	removed: Unit[];
	/** Same code, another name or type (xã → phường). */
	changed: UnitChange[];
	/** Codes of communes set up on this server that the new list drops or changes. */
	inUse: string[];
}

/** What importing `next` over `current` would change, unit by unit, codes sorted. */
export function diffUnits(
	current: readonly Unit[],
	next: readonly Unit[],
	communesInUse: readonly string[] = []
): UnitsDiff {
	const before = new Map(current.map((u) => [u.code, u]));
	const after = new Map(next.map((u) => [u.code, u]));
	const added: Unit[] = [];
	const removed: Unit[] = [];
	const changed: UnitChange[] = [];
	let unchanged = 0;
	for (const u of [...after.values()].sort((a, b) => a.code.localeCompare(b.code))) {
		const old = before.get(u.code);
		if (!old) added.push(u);
		else if (old.name !== u.name || old.unitType !== u.unitType || old.level !== u.level) {
			changed.push({
				code: u.code,
				level: u.level,
				province: u.province,
				before: { name: old.name, unitType: old.unitType },
				after: { name: u.name, unitType: u.unitType }
			});
		} else unchanged++;
	}
	for (const u of [...before.values()].sort((a, b) => a.code.localeCompare(b.code))) {
		if (!after.has(u.code)) removed.push(u);
	}
	const touched = new Set([...removed.map((u) => u.code), ...changed.map((c) => c.code)]);
	return {
		counts: { added: added.length, removed: removed.length, changed: changed.length, unchanged },
		added: added.slice(0, UNITS_DIFF_LIST_MAX),
		removed: removed.slice(0, UNITS_DIFF_LIST_MAX),
		changed: changed.slice(0, UNITS_DIFF_LIST_MAX),
		inUse: communesInUse.filter((c) => touched.has(c)).sort()
	};
}

/** Which catalogue the server holds: a label the admin gave, and a fingerprint of its content. */
export const unitsInfoSchema = z.object({
	/** E.g. the date of the national list (`2026-07-25`); null when imported without one. */
	version: z.string().max(40).nullable(),
	fingerprint: z.string().max(64).nullable(),
	provinces: z.number().int().min(0),
	communes: z.number().int().min(0),
	importedAt: z.string().nullable(),
	importedBy: z.string().nullable()
});
export type UnitsInfo = z.infer<typeof unitsInfoSchema>;

/** A label for a catalogue import: letters, digits, dots and dashes (`2026-07-25`). */
export const unitsVersionSchema = z.string().regex(/^[\w.-]{1,40}$/, 'units.version');
