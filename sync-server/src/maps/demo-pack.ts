import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Directory } from '../directory/directory.ts';
import type { MapStore } from '../storage/maps.ts';
import { loadBoundary } from './boundaries.ts';
import { buildPack } from './generate.ts';

/**
 * Gives each commune that has a shipped boundary but no pack a generated one
 * (about 0.25 s each), so the demo map works on a machine with no map data.
 */
export async function ensureGeneratedPacks(
	maps: MapStore,
	directory: Pick<Directory, 'listCommunes'>,
	log: (line: string) => void
): Promise<void> {
	for (const { code } of await directory.listCommunes()) {
		if (await maps.open(code)) continue;
		const boundary = loadBoundary(code);
		if (!boundary) continue;
		const started = performance.now();
		const { archive } = buildPack(boundary, { seed: Number(code) });
		const dir = await mkdtemp(join(tmpdir(), 'tramso-pack-'));
		try {
			const file = join(dir, `${code}.pmtiles`);
			await writeFile(file, archive as Uint8Array);
			await maps.put(code, file, 'generated');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		log(
			`generated the map pack of ${code}: ${archive.length} bytes in ${Math.round(performance.now() - started)} ms`
		);
	}
}
