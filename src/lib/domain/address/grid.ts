import { distanceM, localProjection } from './geometry';
import type { LngLat } from './point';

export interface GridEntry {
	id: string;
	position: LngLat;
	hamlet: string;
	houseNumber: string | null;
}

/**
 * Points hashed into square cells of `cellM` metres, so a search near a new
 * point reads a few cells instead of all 30,000 points of a commune.
 */
export class PointGrid<E extends GridEntry = GridEntry> {
	private readonly cells = new Map<number, E[]>();
	private readonly byId = new Map<string, { entry: E; key: number }>();
	private readonly proj;

	constructor(
		origin: LngLat,
		private readonly cellM = 8
	) {
		this.proj = localProjection(origin);
	}

	get size(): number {
		return this.byId.size;
	}

	private cellOf(p: LngLat): [number, number] {
		const { x, y } = this.proj.toXY(p);
		return [Math.floor(x / this.cellM), Math.floor(y / this.cellM)];
	}

	// Cells within ±2^25 of the origin (268,000 km at 8 m) fit one safe integer key.
	private static key(cx: number, cy: number): number {
		return (cx + 2 ** 25) * 2 ** 26 + (cy + 2 ** 25);
	}

	/** Adds the entry, or moves it when its id is already there. */
	put(entry: E): void {
		this.remove(entry.id);
		const key = PointGrid.key(...this.cellOf(entry.position));
		let cell = this.cells.get(key);
		if (!cell) this.cells.set(key, (cell = []));
		cell.push(entry);
		this.byId.set(entry.id, { entry, key });
	}

	remove(id: string): void {
		const old = this.byId.get(id);
		if (!old) return;
		const cell = this.cells.get(old.key);
		if (cell) {
			const i = cell.findIndex((e) => e.id === id);
			if (i >= 0) cell.splice(i, 1);
			if (cell.length === 0) this.cells.delete(old.key);
		}
		this.byId.delete(id);
	}

	/** Entries within `radiusM` of `p`, nearest first, with their distance. */
	near(p: LngLat, radiusM: number): { entry: E; distanceM: number }[] {
		const [cx, cy] = this.cellOf(p);
		const r = Math.ceil(radiusM / this.cellM);
		const out: { entry: E; distanceM: number }[] = [];
		for (let dx = -r; dx <= r; dx++) {
			for (let dy = -r; dy <= r; dy++) {
				const cell = this.cells.get(PointGrid.key(cx + dx, cy + dy));
				if (!cell) continue;
				for (const entry of cell) {
					const d = distanceM(p, entry.position);
					if (d <= radiusM) out.push({ entry, distanceM: d });
				}
			}
		}
		return out.sort((a, b) => a.distanceM - b.distanceM);
	}
}
