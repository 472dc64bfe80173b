import { gzipSync } from 'node:zlib';

/**
 * A small PMTiles v3 writer (header, root and leaf directories, metadata,
 * clustered and deduplicated tile data), after the specification in
 * protomaps/PMTiles `spec/v3/spec.md`. No maintained JavaScript writer exists.
 */

export const HEADER_BYTES = 127;
/** Header and root directory must fit here, so a client gets both in one request. */
const ROOT_LIMIT = 16_384;

export const Compression = { unknown: 0, none: 1, gzip: 2, brotli: 3, zstd: 4 } as const;
export const TileType = { unknown: 0, mvt: 1, png: 2, jpeg: 3, webp: 4, avif: 5 } as const;

export interface Tile {
	z: number;
	x: number;
	y: number;
	/** The tile as stored, already compressed as `tileCompression` says. */
	data: Uint8Array;
}

export interface ArchiveOptions {
	tileType: number;
	tileCompression: number;
	bounds: [west: number, south: number, east: number, north: number];
	center: [lng: number, lat: number, zoom: number];
	metadata: Record<string, unknown>;
}

export interface Header {
	specVersion: number;
	rootOffset: number;
	rootLength: number;
	metadataOffset: number;
	metadataLength: number;
	leafOffset: number;
	leafLength: number;
	dataOffset: number;
	dataLength: number;
	addressedTiles: number;
	tileEntries: number;
	tileContents: number;
	clustered: boolean;
	internalCompression: number;
	tileCompression: number;
	tileType: number;
	minZoom: number;
	maxZoom: number;
	bounds: [number, number, number, number];
	centerZoom: number;
	center: [number, number];
}

interface Entry {
	tileId: number;
	offset: number;
	length: number;
	runLength: number;
}

function rotate(n: number, xy: [number, number], rx: number, ry: number): void {
	if (ry !== 0) return;
	if (rx === 1) {
		xy[0] = n - 1 - xy[0];
		xy[1] = n - 1 - xy[1];
	}
	[xy[0], xy[1]] = [xy[1], xy[0]];
}

/** Position of a tile on the sequence of Hilbert curves, zoom 0 first. */
export function zxyToTileId(z: number, x: number, y: number): number {
	if (z > 26) throw new RangeError('zoom above 26');
	const n = 2 ** z;
	if (x < 0 || y < 0 || x >= n || y >= n) throw new RangeError(`tile ${z}/${x}/${y} out of range`);
	const before = (4 ** z - 1) / 3;
	const xy: [number, number] = [x, y];
	let d = 0;
	for (let s = n / 2; s >= 1; s /= 2) {
		const rx = (xy[0] & s) > 0 ? 1 : 0;
		const ry = (xy[1] & s) > 0 ? 1 : 0;
		d += s * s * ((3 * rx) ^ ry);
		rotate(s, xy, rx, ry);
	}
	return before + d;
}

// Varints above 2^31 cannot use bitwise operators in JavaScript.
function pushVarint(out: number[], value: number): void {
	let v = value;
	while (v >= 0x80) {
		out.push((v % 0x80) | 0x80);
		v = Math.floor(v / 0x80);
	}
	out.push(v);
}

function serializeDirectory(entries: readonly Entry[]): Uint8Array {
	const out: number[] = [];
	pushVarint(out, entries.length);
	let last = 0;
	for (const e of entries) {
		pushVarint(out, e.tileId - last);
		last = e.tileId;
	}
	for (const e of entries) pushVarint(out, e.runLength);
	for (const e of entries) pushVarint(out, e.length);
	entries.forEach((e, i) => {
		const prev = entries[i - 1];
		pushVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
	});
	return new Uint8Array(gzipSync(Uint8Array.from(out)));
}

/** Root alone when it fits in 16 KiB; otherwise leaves of growing size until the root fits. */
function directories(entries: readonly Entry[]): { root: Uint8Array; leaves: Uint8Array } {
	const root = serializeDirectory(entries);
	if (root.length + HEADER_BYTES <= ROOT_LIMIT) return { root, leaves: new Uint8Array(0) };
	for (let leafSize = 4096; ; leafSize *= 2) {
		const rootEntries: Entry[] = [];
		const parts: Uint8Array[] = [];
		let offset = 0;
		for (let i = 0; i < entries.length; i += leafSize) {
			const leaf = serializeDirectory(entries.slice(i, i + leafSize));
			rootEntries.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
			parts.push(leaf);
			offset += leaf.length;
		}
		const r = serializeDirectory(rootEntries);
		if (r.length + HEADER_BYTES <= ROOT_LIMIT)
			return { root: r, leaves: new Uint8Array(Buffer.concat(parts)) };
	}
}

function writeHeader(h: Header): Buffer {
	const b = Buffer.alloc(HEADER_BYTES);
	b.write('PMTiles', 0, 'ascii');
	b.writeUInt8(3, 7);
	const u64 = [
		h.rootOffset,
		h.rootLength,
		h.metadataOffset,
		h.metadataLength,
		h.leafOffset,
		h.leafLength,
		h.dataOffset,
		h.dataLength,
		h.addressedTiles,
		h.tileEntries,
		h.tileContents
	];
	u64.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 8 + i * 8));
	b.writeUInt8(h.clustered ? 1 : 0, 96);
	b.writeUInt8(h.internalCompression, 97);
	b.writeUInt8(h.tileCompression, 98);
	b.writeUInt8(h.tileType, 99);
	b.writeUInt8(h.minZoom, 100);
	b.writeUInt8(h.maxZoom, 101);
	const e7 = (v: number) => Math.round(v * 1e7);
	h.bounds.forEach((v, i) => b.writeInt32LE(e7(v), 102 + i * 4));
	b.writeUInt8(h.centerZoom, 118);
	b.writeInt32LE(e7(h.center[0]), 119);
	b.writeInt32LE(e7(h.center[1]), 123);
	return b;
}

/** One archive from its tiles; identical tiles (open fields, empty sea) are stored once. */
export function writePmtiles(tiles: readonly Tile[], opts: ArchiveOptions): Buffer {
	if (tiles.length === 0) throw new Error('an archive needs at least one tile');
	const sorted = tiles
		.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), tile: t }))
		.sort((a, b) => a.id - b.id);
	const entries: Entry[] = [];
	const chunks: Uint8Array[] = [];
	const byContent = new Map<string, number>();
	let dataLength = 0;
	let contents = 0;
	for (const { id, tile } of sorted) {
		if (tile.data.length === 0) throw new Error(`tile ${tile.z}/${tile.x}/${tile.y} is empty`);
		const key = Buffer.from(tile.data).toString('base64');
		let offset = byContent.get(key);
		if (offset === undefined) {
			offset = dataLength;
			byContent.set(key, offset);
			chunks.push(tile.data);
			dataLength += tile.data.length;
			contents++;
		}
		const last = entries[entries.length - 1];
		if (last && last.tileId + last.runLength > id) {
			throw new Error(`tile ${tile.z}/${tile.x}/${tile.y} given twice`);
		}
		if (last && last.tileId + last.runLength === id && last.offset === offset) last.runLength++;
		else entries.push({ tileId: id, offset, length: tile.data.length, runLength: 1 });
	}
	const { root, leaves } = directories(entries);
	const metadata = new Uint8Array(
		gzipSync(new TextEncoder().encode(JSON.stringify(opts.metadata)))
	);
	const metadataOffset = HEADER_BYTES + root.length;
	const leafOffset = metadataOffset + metadata.length;
	const dataOffset = leafOffset + leaves.length;
	const header = new Uint8Array(
		writeHeader({
			specVersion: 3,
			rootOffset: HEADER_BYTES,
			rootLength: root.length,
			metadataOffset,
			metadataLength: metadata.length,
			leafOffset,
			leafLength: leaves.length,
			dataOffset,
			dataLength,
			addressedTiles: tiles.length,
			tileEntries: entries.length,
			tileContents: contents,
			clustered: true,
			internalCompression: Compression.gzip,
			tileCompression: opts.tileCompression,
			tileType: opts.tileType,
			minZoom: tiles.reduce((m, t) => Math.min(m, t.z), 30),
			maxZoom: tiles.reduce((m, t) => Math.max(m, t.z), 0),
			bounds: opts.bounds,
			centerZoom: opts.center[2],
			center: [opts.center[0], opts.center[1]]
		})
	);
	return Buffer.concat([header, root, metadata, leaves, ...chunks]);
}

export type HeaderCheck = { ok: true; header: Header } | { ok: false; reason: string };

/**
 * Reads and checks the header of an archive of `size` bytes: magic, version,
 * sections inside the file, root within the first 16 KiB, known enums.
 */
export function readHeader(bytes: Uint8Array | Buffer, size: number): HeaderCheck {
	if (bytes.length < HEADER_BYTES || size < HEADER_BYTES)
		return { ok: false, reason: 'shorter than a PMTiles header' };
	const b = Buffer.from(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
	if (b.toString('ascii', 0, 7) !== 'PMTiles')
		return { ok: false, reason: 'not a PMTiles archive' };
	if (b.readUInt8(7) !== 3)
		return { ok: false, reason: `PMTiles version ${b.readUInt8(7)}, only 3 is supported` };
	const u = (i: number) => Number(b.readBigUInt64LE(8 + i * 8));
	const d = (o: number) => b.readInt32LE(o) / 1e7;
	const header: Header = {
		specVersion: 3,
		rootOffset: u(0),
		rootLength: u(1),
		metadataOffset: u(2),
		metadataLength: u(3),
		leafOffset: u(4),
		leafLength: u(5),
		dataOffset: u(6),
		dataLength: u(7),
		addressedTiles: u(8),
		tileEntries: u(9),
		tileContents: u(10),
		clustered: b.readUInt8(96) === 1,
		internalCompression: b.readUInt8(97),
		tileCompression: b.readUInt8(98),
		tileType: b.readUInt8(99),
		minZoom: b.readUInt8(100),
		maxZoom: b.readUInt8(101),
		bounds: [d(102), d(106), d(110), d(114)],
		centerZoom: b.readUInt8(118),
		center: [d(119), d(123)]
	};
	const sections: [string, number, number][] = [
		['root directory', header.rootOffset, header.rootLength],
		['metadata', header.metadataOffset, header.metadataLength],
		['leaf directories', header.leafOffset, header.leafLength],
		['tile data', header.dataOffset, header.dataLength]
	];
	for (const [name, offset, length] of sections) {
		if (offset + length > size)
			return { ok: false, reason: `${name} runs past the end of the file` };
	}
	if (header.rootLength === 0 || header.rootOffset + header.rootLength > ROOT_LIMIT) {
		return { ok: false, reason: 'root directory must lie in the first 16 KiB' };
	}
	if (header.internalCompression > 4 || header.tileCompression > 4 || header.tileType > 5) {
		return { ok: false, reason: 'unknown compression or tile type' };
	}
	if (header.minZoom > header.maxZoom || header.maxZoom > 30)
		return { ok: false, reason: 'bad zoom range' };
	const [w, s, e, n] = header.bounds;
	if (!(w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n)) {
		return { ok: false, reason: 'bounds are not longitudes and latitudes' };
	}
	return { ok: true, header };
}
