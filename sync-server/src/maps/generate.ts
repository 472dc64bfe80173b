import { gzipSync } from 'node:zlib';
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { localProjection } from '../../../src/lib/domain/address/geometry.ts';
import type { LngLat } from '../../../src/lib/domain/address/point.ts';
import type { Boundary } from '../../../src/lib/geo/boundary.ts';
import { Compression, TileType, writePmtiles, type Tile } from './pmtiles.ts';

/**
 * A real PMTiles vector archive for a commune with no map data on this
 * machine: its real boundary, plus roads, a canal and buildings generated
 * inside it from a seed (the same seed gives the same archive).
 */

export const PACK_LAYERS = ['boundary', 'water', 'roads', 'buildings'] as const;
export const GENERATED_ATTRIBUTION =
	'Ranh giới: thanglequoc/vietnamese-provinces-database (MIT); đường và nhà: dữ liệu mô phỏng';

export interface GenerateOptions {
	seed?: number;
	minZoom?: number;
	maxZoom?: number;
	/** Roughly how many buildings to place along the roads. */
	buildings?: number;
}

export interface GeneratedPack {
	archive: Buffer;
	tiles: number;
	features: Record<(typeof PACK_LAYERS)[number], number>;
}

function mulberry32(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const MAIN_NAMES = ['Đường tỉnh 782', 'Đường tỉnh 784', 'Quốc lộ 22B', 'Đường Bến Chò'];
const MINOR_NAMES = [
	'Hẻm 1',
	'Hẻm 3',
	'Hẻm 5',
	'Hẻm 12',
	'Tổ 2',
	'Tổ 4',
	'Tổ 7',
	'Đường Trâm Vàng'
];

export function generateCommuneFeatures(
	boundary: Boundary,
	opts: GenerateOptions = {}
): FeatureCollection {
	const rand = mulberry32(opts.seed ?? 1);
	const proj = localProjection(boundary.center);
	const [w, s, e, n] = boundary.bbox;
	const inside = (x: number, y: number) => boundary.contains(proj.toLngLat(x, y));
	const toLngLat = (x: number, y: number): [number, number] => {
		const p: LngLat = proj.toLngLat(x, y);
		return [Math.round(p.lng * 1e7) / 1e7, Math.round(p.lat * 1e7) / 1e7];
	};
	const min = proj.toXY({ lng: w, lat: s });
	const max = proj.toXY({ lng: e, lat: n });
	const randomInside = (): [number, number] => {
		for (let i = 0; i < 1000; i++) {
			const x = min.x + rand() * (max.x - min.x);
			const y = min.y + rand() * (max.y - min.y);
			if (inside(x, y)) return [x, y];
		}
		return [0, 0];
	};
	/** A wandering line from (x, y) both ways until it leaves the commune or reaches `maxM`. */
	const walk = (x0: number, y0: number, heading: number, stepM: number, maxM: number) => {
		const side = (dir: number) => {
			const pts: [number, number][] = [];
			let [x, y, h] = [x0, y0, heading + dir];
			for (let d = 0; d < maxM / 2 && inside(x, y); d += stepM) {
				pts.push([x, y]);
				h += (rand() - 0.5) * 0.25;
				x += Math.cos(h) * stepM;
				y += Math.sin(h) * stepM;
			}
			return pts;
		};
		return [...side(Math.PI).reverse(), ...side(0).slice(1)];
	};
	const features: Feature[] = [
		{
			type: 'Feature',
			properties: { layer: 'boundary', kind: 'commune', name: boundary.name },
			geometry: boundary.feature.geometry
		}
	];
	const roads: { pts: [number, number][]; kind: string }[] = [];
	const line = (pts: [number, number][], props: Record<string, string>): Feature<LineString> => ({
		type: 'Feature',
		properties: props,
		geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => toLngLat(x, y)) }
	});
	const canal = walk(...randomInside(), rand() * Math.PI, 80, 40_000);
	if (canal.length > 1)
		features.push(line(canal, { layer: 'water', kind: 'canal', name: 'Kênh Đông' }));
	for (let i = 0; i < 4; i++) {
		const pts = walk(...randomInside(), rand() * Math.PI, 60, 30_000);
		if (pts.length < 2) continue;
		roads.push({ pts, kind: 'main' });
		features.push(
			line(pts, { layer: 'roads', kind: 'main', name: MAIN_NAMES[i % MAIN_NAMES.length] })
		);
	}
	const mains = roads.slice();
	for (let i = 0; i < 40 && mains.length > 0; i++) {
		const from = mains[Math.floor(rand() * mains.length)].pts;
		const k = Math.floor(rand() * (from.length - 1));
		const [ax, ay] = from[k];
		const [bx, by] = from[k + 1];
		const heading = Math.atan2(by - ay, bx - ax) + Math.PI / 2 + (rand() - 0.5) * 0.6;
		const pts = walk(ax, ay, heading, 40, 600 + rand() * 2400);
		if (pts.length < 2) continue;
		roads.push({ pts, kind: 'minor' });
		features.push(
			line(pts, { layer: 'roads', kind: 'minor', name: MINOR_NAMES[i % MINOR_NAMES.length] })
		);
	}
	const totalM = roads.reduce(
		(sum, r) => sum + (r.pts.length - 1) * (r.kind === 'main' ? 60 : 40),
		0
	);
	const every = Math.max(10, (2 * totalM) / (opts.buildings ?? 6000));
	let built = 0;
	for (const road of roads) {
		for (let k = 0; k + 1 < road.pts.length; k++) {
			const [ax, ay] = road.pts[k];
			const [bx, by] = road.pts[k + 1];
			const h = Math.atan2(by - ay, bx - ax);
			const len = Math.hypot(bx - ax, by - ay);
			for (let t = rand() * every; t < len; t += every * (0.6 + rand() * 0.8)) {
				for (const side of [-1, 1]) {
					if (rand() < 0.25) continue;
					const off = side * (12 + rand() * 10);
					const cx = ax + Math.cos(h) * t - Math.sin(h) * off;
					const cy = ay + Math.sin(h) * t + Math.cos(h) * off;
					if (!inside(cx, cy)) continue;
					const [bw, bd] = [6 + rand() * 6, 8 + rand() * 8];
					const corners = [
						[-bw / 2, -bd / 2],
						[bw / 2, -bd / 2],
						[bw / 2, bd / 2],
						[-bw / 2, bd / 2],
						[-bw / 2, -bd / 2]
					].map(([u, v]) =>
						toLngLat(cx + Math.cos(h) * u - Math.sin(h) * v, cy + Math.sin(h) * u + Math.cos(h) * v)
					);
					const building: Feature<Polygon> = {
						type: 'Feature',
						properties: { layer: 'buildings', kind: 'house' },
						geometry: { type: 'Polygon', coordinates: [corners] }
					};
					features.push(building);
					built++;
				}
			}
		}
	}
	void built;
	return { type: 'FeatureCollection', features };
}

function tileRange(z: number, [w, s, e, n]: [number, number, number, number]) {
	const size = 2 ** z;
	const tx = (lng: number) =>
		Math.min(size - 1, Math.max(0, Math.floor(((lng + 180) / 360) * size)));
	const ty = (lat: number) => {
		const r = (lat * Math.PI) / 180;
		const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * size;
		return Math.min(size - 1, Math.max(0, Math.floor(y)));
	};
	return { x0: tx(w), x1: tx(e), y0: ty(n), y1: ty(s) };
}

/** Cuts the features into vector tiles (one MVT layer per `layer` property) and writes the archive. */
export function buildPack(boundary: Boundary, opts: GenerateOptions = {}): GeneratedPack {
	const minZoom = opts.minZoom ?? 10;
	const maxZoom = opts.maxZoom ?? 15;
	const fc = generateCommuneFeatures(boundary, opts);
	const index = new GeoJSONVT(fc, {
		maxZoom,
		indexMaxZoom: maxZoom,
		indexMaxPoints: 0,
		tolerance: 3,
		extent: 4096,
		buffer: 64
	});
	const tiles: Tile[] = [];
	for (let z = minZoom; z <= maxZoom; z++) {
		const { x0, x1, y0, y1 } = tileRange(z, boundary.bbox);
		for (let x = x0; x <= x1; x++) {
			for (let y = y0; y <= y1; y++) {
				const tile = index.getTile(z, x, y);
				if (!tile || tile.features.length === 0) continue;
				const layers: Record<string, { features: typeof tile.features }> = {};
				for (const f of tile.features) {
					const name = String(f.tags?.layer ?? 'other');
					(layers[name] ??= { features: [] }).features.push(f);
				}
				const pbf = fromGeojsonVt(layers as never, { version: 2, extent: 4096 });
				tiles.push({ z, x, y, data: new Uint8Array(gzipSync(pbf)) });
			}
		}
	}
	const count = Object.fromEntries(PACK_LAYERS.map((l) => [l, 0])) as GeneratedPack['features'];
	for (const f of fc.features) count[f.properties?.layer as keyof typeof count]++;
	const archive = writePmtiles(tiles, {
		tileType: TileType.mvt,
		tileCompression: Compression.gzip,
		bounds: boundary.bbox,
		center: [boundary.center.lng, boundary.center.lat, 13],
		metadata: {
			name: `${boundary.name} (${boundary.code})`,
			description: 'Generated demo map pack: real boundary, generated roads and buildings',
			attribution: GENERATED_ATTRIBUTION,
			type: 'baselayer',
			version: '1',
			vector_layers: PACK_LAYERS.map((id) => ({
				id,
				fields: { kind: 'String', name: 'String' },
				minzoom: minZoom,
				maxzoom: maxZoom
			}))
		}
	});
	return { archive, tiles: tiles.length, features: count };
}
