import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { PMTiles, zxyToTileId as referenceTileId, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { loadBoundary } from '../../../sync-server/src/maps/boundaries.ts';
import { buildPack } from '../../../sync-server/src/maps/generate.ts';
import {
	Compression,
	readHeader,
	TileType,
	writePmtiles,
	zxyToTileId
} from '../../../sync-server/src/maps/pmtiles.ts';

/** The reader's own interface over bytes in memory, as a device reads its stored pack. */
function memorySource(bytes: Uint8Array | Buffer): Source & { reads: number } {
	const src = {
		reads: 0,
		getKey: () => 'memory',
		getBytes: async (offset: number, length: number) => {
			src.reads++;
			// Buffer#slice shares memory: copy, so `.buffer` is exactly the range asked for.
			return { data: new Uint8Array(bytes.subarray(offset, offset + length)).buffer };
		}
	};
	return src;
}

const bounds: [number, number, number, number] = [106.1, 11.1, 106.3, 11.3];

describe('PMTiles writer', () => {
	it('numbers tiles on the Hilbert curves as the reference reader does', () => {
		for (const [z, x, y] of [
			[0, 0, 0],
			[1, 1, 0],
			[3, 5, 2],
			[12, 3261, 1918],
			[15, 26093, 15348],
			[20, 833000, 491000]
		]) {
			expect(zxyToTileId(z, x, y)).toBe(referenceTileId(z, x, y));
		}
		expect(() => zxyToTileId(2, 4, 0)).toThrow();
	});

	it('writes an archive the pmtiles reader reads back, with leaf directories past 16 KiB', async () => {
		const tiles = [];
		const text = (z: number, x: number, y: number) => new TextEncoder().encode(`${z}/${x}/${y}`);
		for (let z = 0; z <= 7; z++) {
			for (let x = 0; x < 2 ** z; x++) {
				for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, data: text(z, x, y) });
			}
		}
		// Scattered tiles of varied sizes make a directory that cannot stay below 16 KiB.
		let seed = 1;
		const rand = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
		const scattered = new Map<string, [number, number]>();
		while (scattered.size < 30_000) {
			const [x, y] = [Math.floor(rand() * 2 ** 14), Math.floor(rand() * 2 ** 14)];
			scattered.set(`${x},${y}`, [x, y]);
		}
		const pad = (z: number, x: number, y: number) =>
			new TextEncoder().encode(`${z}/${x}/${y}`.padEnd(10 + ((x * 31 + y) % 200), '.'));
		for (const [x, y] of scattered.values()) tiles.push({ z: 14, x, y, data: pad(14, x, y) });
		// Open sea: the same bytes in many tiles are stored once.
		for (let x = 0; x < 256; x++)
			tiles.push({ z: 8, x, y: 3, data: new TextEncoder().encode('sea') });
		const archive = writePmtiles(tiles, {
			tileType: TileType.png,
			tileCompression: Compression.none,
			bounds,
			center: [106.2, 11.2, 5],
			metadata: { name: 'test' }
		});
		const check = readHeader(archive, archive.length);
		if (!check.ok) throw new Error(check.reason);
		expect(check.header.leafLength).toBeGreaterThan(0);
		expect(check.header.tileContents).toBe(tiles.length - 255);
		const reader = new PMTiles(memorySource(archive));
		const header = await reader.getHeader();
		expect(header).toMatchObject({
			minZoom: 0,
			maxZoom: 14,
			numAddressedTiles: tiles.length,
			clustered: true
		});
		expect(header.minLon).toBeCloseTo(106.1, 6);
		for (const [z, x, y] of [
			[0, 0, 0],
			[5, 17, 30],
			[7, 127, 0],
			[7, 64, 101]
		]) {
			const got = await reader.getZxy(z, x, y);
			expect(new TextDecoder().decode(got!.data)).toBe(`${z}/${x}/${y}`);
		}
		for (const [x, y] of [...scattered.values()].filter((_, i) => i % 1000 === 0)) {
			const got = await reader.getZxy(14, x, y);
			expect(new TextDecoder().decode(got!.data)).toBe(new TextDecoder().decode(pad(14, x, y)));
		}
		expect(new TextDecoder().decode((await reader.getZxy(8, 200, 3))!.data)).toBe('sea');
		expect(await reader.getZxy(8, 200, 4)).toBeUndefined();
		expect(await reader.getMetadata()).toEqual({ name: 'test' });
	});

	it('refuses a file that is not an archive, or whose sections run past its end', () => {
		const archive = writePmtiles([{ z: 0, x: 0, y: 0, data: Uint8Array.of(1) }], {
			tileType: TileType.mvt,
			tileCompression: Compression.none,
			bounds,
			center: [106.2, 11.2, 0],
			metadata: {}
		});
		expect(readHeader(archive, archive.length).ok).toBe(true);
		expect(readHeader(archive, archive.length - 1)).toEqual({
			ok: false,
			reason: 'tile data runs past the end of the file'
		});
		const v2 = Buffer.from(archive);
		v2[7] = 2;
		expect(readHeader(v2, v2.length).ok).toBe(false);
		expect(readHeader(Buffer.from('{"type":"FeatureCollection"}'), 28).ok).toBe(false);
		const twice = { z: 1, x: 1, y: 1, data: Uint8Array.of(1) };
		expect(() =>
			writePmtiles([twice, twice], {
				tileType: 1,
				tileCompression: 1,
				bounds,
				center: [0, 0, 0],
				metadata: {}
			})
		).toThrow(/twice/);
		expect(() =>
			writePmtiles([], { tileType: 1, tileCompression: 1, bounds, center: [0, 0, 0], metadata: {} })
		).toThrow();
	});
});

describe('generated commune pack', () => {
	const boundary = loadBoundary('25657')!;
	const pack = buildPack(boundary, { seed: 7 });

	it('is the same for the same seed and differs for another', () => {
		expect(buildPack(boundary, { seed: 7 }).archive.equals(pack.archive)).toBe(true);
		expect(buildPack(boundary, { seed: 8 }).archive.equals(pack.archive)).toBe(false);
	});

	it('holds the real boundary, roads and buildings inside the commune, as vector tiles', async () => {
		expect(pack.features.buildings).toBeGreaterThan(2000);
		expect(pack.features.roads).toBeGreaterThan(20);
		const reader = new PMTiles(memorySource(pack.archive));
		const header = await reader.getHeader();
		expect(header).toMatchObject({ tileType: 1, tileCompression: 2, minZoom: 10, maxZoom: 15 });
		const meta = (await reader.getMetadata()) as {
			vector_layers: { id: string }[];
			attribution: string;
		};
		expect(meta.vector_layers.map((l) => l.id)).toEqual([
			'boundary',
			'water',
			'roads',
			'buildings'
		]);
		// The z15 tile at the commune's centre.
		const z = 15;
		const x = Math.floor(((boundary.center.lng + 180) / 360) * 2 ** z);
		const r = (boundary.center.lat * Math.PI) / 180;
		const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
		let found = 0;
		for (let dx = -3; dx <= 3; dx++) {
			for (let dy = -3; dy <= 3; dy++) {
				const t = await reader.getZxy(z, x + dx, y + dy);
				if (!t) continue;
				const vt = new VectorTile(new Pbf(new Uint8Array(t.data)));
				expect(Object.keys(vt.layers)).toContain('boundary');
				const buildings = vt.layers.buildings;
				if (!buildings) continue;
				for (let i = 0; i < buildings.length; i++) {
					const f = buildings.feature(i).toGeoJSON(x + dx, y + dy, z);
					const [lng, lat] = (f.geometry as { coordinates: number[][][] }).coordinates[0][0];
					expect(boundary.contains({ lng, lat }) || f.geometry.type !== 'Polygon').toBe(true);
					found++;
				}
			}
		}
		expect(found).toBeGreaterThan(0);
	});
});
