import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Boundary } from '../../../src/lib/geo/boundary.ts';

const ROOT = fileURLToPath(new URL('../../../static-data/vn-units/geojson/', import.meta.url));

/** Boundary files shipped with the product, by commune code: `<province>/wards/<code>_<name>.geojson`. */
export function shippedBoundaryFiles(root = ROOT): Map<string, string> {
	const out = new Map<string, string>();
	for (const province of readdirSync(root, { withFileTypes: true })) {
		if (!province.isDirectory()) continue;
		const wards = join(root, province.name, 'wards');
		let names: string[];
		try {
			names = readdirSync(wards);
		} catch {
			continue;
		}
		for (const name of names) {
			const m = /^(\d{5})_.*\.geojson$/.exec(name);
			if (m) out.set(m[1], join(wards, name));
		}
	}
	return out;
}

/** The raw GeoJSON text of a commune's shipped boundary, or null when none ships. */
export function boundaryText(code: string, files = shippedBoundaryFiles()): string | null {
	const file = files.get(code);
	return file ? readFileSync(file, 'utf8') : null;
}

export function loadBoundary(code: string): Boundary | null {
	const text = boundaryText(code);
	return text ? Boundary.parse(JSON.parse(text)) : null;
}
