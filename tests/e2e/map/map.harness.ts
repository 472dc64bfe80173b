// A page that mounts the app's map component alone, for tests/e2e/map.spec.ts and npm run bench:map.
import { OfflineMap, type LngLat } from '../../../src/lib/components/map/offline-map';
import type { PackInput } from '../../../src/lib/components/map/pack-source';
import type { MapPoint } from '../../../src/lib/components/map/points-layer';
import { nearDuplicates, PointGrid } from '../../../src/lib/domain/address/index';

const css = document.createElement('link');
css.rel = 'stylesheet';
css.href = new URL('harness.css', import.meta.url).href;
document.head.appendChild(css);
document.body.style.margin = '0';
const el = document.createElement('div');
el.style.cssText = 'position:absolute;inset:0';
document.body.appendChild(el);

let map: OfflineMap | null = null;
const placed: LngLat[] = [];
const picked: string[] = [];
let grid: PointGrid | null = null;

const DB = 'map-harness';
function idb(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB, 1);
		req.onupgradeneeded = () => req.result.createObjectStore('packs');
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** Tiles protomaps-leaflet has painted that hold more than the plain background colour. */
function paintedTiles(): number {
	let n = 0;
	for (const c of el.querySelectorAll<HTMLCanvasElement>('canvas.leaflet-tile-loaded')) {
		const ctx = c.getContext('2d');
		if (!ctx || c.width === 0) continue;
		const data = ctx.getImageData(0, 0, c.width, c.height).data;
		const [r, g, b] = [data[0], data[1], data[2]];
		for (let i = 0; i < data.length; i += 4 * 97) {
			if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 30) {
				n++;
				break;
			}
		}
	}
	return n;
}

const harness = {
	async mount(opts: {
		center: LngLat;
		zoom?: number;
		pack?: PackInput | null;
		boundaryUrl?: string;
		token?: string;
	}) {
		map?.destroy();
		map = new OfflineMap(el, {
			center: opts.center,
			zoom: opts.zoom,
			markerLabel: 'Điểm đang ghi',
			onPlace: (p) => placed.push(p),
			onPick: (id) => picked.push(id)
		});
		if (opts.boundaryUrl) {
			const res = await fetch(opts.boundaryUrl, {
				headers: { authorization: `Bearer ${opts.token}` }
			});
			map.setBoundary(await res.json());
		}
		const started = performance.now();
		const { attribution } = await map.setPack(opts.pack ?? null);
		return { attribution, header_ms: performance.now() - started };
	},
	/** Mounts a pack given as base64, held in a Blob. */
	mountBytes(base64: string, center: LngLat) {
		const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
		return harness.mount({
			center,
			zoom: 12,
			pack: { kind: 'blob', blob: new Blob([bytes]), key: 'bytes' }
		});
	},
	async mountStored(center: LngLat, zoom: number) {
		const db = await idb();
		const blob = await new Promise<Blob>((resolve, reject) => {
			const req = db.transaction('packs').objectStore('packs').get('pack');
			req.onsuccess = () => resolve(req.result as Blob);
			req.onerror = () => reject(req.error);
		});
		return harness.mount({ center, zoom, pack: { kind: 'blob', blob, key: 'stored' } });
	},
	/** Downloads the pack whole, as the device will, and keeps it in IndexedDB. */
	async download(url: string, token: string) {
		const started = performance.now();
		const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		const blob = await res.blob();
		const ms = performance.now() - started;
		const db = await idb();
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction('packs', 'readwrite');
			tx.objectStore('packs').put(blob, 'pack');
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
		return { bytes: blob.size, ms };
	},
	/** Mounts the map with a pack and `n` points; resolves when every visible tile is painted. */
	async firstRender(
		opts: { center: LngLat; zoom: number; pack: PackInput; boundary: unknown },
		n: number
	) {
		const started = performance.now();
		await harness.mount({ center: opts.center, zoom: opts.zoom, pack: opts.pack });
		map!.setBoundary(opts.boundary as never);
		harness.setPoints(n, opts.center);
		for (;;) {
			await new Promise(requestAnimationFrame);
			const all = el.querySelectorAll('.leaflet-tile-container canvas.leaflet-tile').length;
			const loaded = el.querySelectorAll(
				'.leaflet-tile-container canvas.leaflet-tile-loaded'
			).length;
			if (all > 0 && loaded === all) break;
			if (performance.now() - started > 30_000) throw new Error('tiles did not load in 30 s');
		}
		return { render_ms: performance.now() - started, points_draw_ms: map!.pointsDrawMs };
	},
	setBoundary(geojson: unknown) {
		map!.setBoundary(geojson as never);
	},
	/** `n` points scattered over a box around `center`, statuses mixed; also indexed for duplicates. */
	setPoints(n: number, center: LngLat, spanDeg = 0.06) {
		let seed = 7;
		const rand = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
		const points: MapPoint[] = Array.from({ length: n }, (_, i) => ({
			id: `p${i}`,
			lng: center.lng + (rand() - 0.5) * spanDeg,
			lat: center.lat + (rand() - 0.5) * spanDeg,
			group: i % 4
		}));
		const started = performance.now();
		map!.setPoints(points);
		const drawMs = performance.now() - started;
		grid = new PointGrid(center);
		for (const p of points)
			grid.put({ id: p.id, position: p, hamlet: `h${p.group % 2}`, houseNumber: String(p.group) });
		return { drawMs, points: points.slice(0, 5) };
	},
	/**
	 * Near-duplicate checks of `n` new points against the indexed ones. Timed in batches of 10,
	 * since the page's clock only ticks every 0.1 ms: each sample is a batch's mean per check.
	 */
	dupChecks(n: number, center: LngLat, spanDeg = 0.06) {
		let seed = 11;
		const rand = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
		const samples: number[] = [];
		let found = 0;
		for (let i = 0; i < n; i += 10) {
			const batch = Array.from({ length: 10 }, (_, k) => ({
				id: `new${i + k}`,
				position: {
					lng: center.lng + (rand() - 0.5) * spanDeg,
					lat: center.lat + (rand() - 0.5) * spanDeg
				},
				hamlet: 'h0',
				houseNumber: '1'
			}));
			const t = performance.now();
			for (const p of batch) found += nearDuplicates(p, grid!).length;
			samples.push((performance.now() - t) / batch.length);
		}
		return { samples, found };
	},
	/** Frame times (ms) while panning and zooming the map for `ms` milliseconds. */
	async frames(ms: number) {
		const m = map!.map;
		const times: number[] = [];
		let last = performance.now();
		let running = true;
		const tick = (now: number) => {
			times.push(now - last);
			last = now;
			if (running) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
		const end = performance.now() + ms;
		let step = 0;
		const redraws: number[] = [];
		while (performance.now() < end) {
			if (step % 6 === 5) m.setZoom(m.getZoom() + (step % 12 === 5 ? 1 : -1));
			else m.panBy([step % 2 ? 120 : -90, step % 3 ? 60 : -80], { animate: true, duration: 0.25 });
			step++;
			await new Promise((resolve) => setTimeout(resolve, 300));
			redraws.push(map!.pointsDrawMs);
		}
		running = false;
		return { frames: times.slice(1), redraws };
	},
	state() {
		return {
			painted: paintedTiles(),
			tiles: el.querySelectorAll('canvas.leaflet-tile-loaded').length,
			pointsDrawn: Number(
				el.querySelector<HTMLCanvasElement>('canvas[data-drawn]')?.dataset.drawn ?? 0
			),
			pointsDrawMs: map?.pointsDrawMs ?? 0,
			paths: el.querySelectorAll('.leaflet-overlay-pane canvas').length,
			attribution: el.querySelector('.leaflet-control-attribution')?.textContent ?? '',
			attributionHtml: el.querySelector('.leaflet-control-attribution')?.innerHTML ?? '',
			placed,
			picked,
			zoom: map?.map.getZoom() ?? null,
			marker: !!el.querySelector('.capture-marker')
		};
	},
	view(center: LngLat, zoom: number) {
		map!.flyTo(center, zoom);
	},
	setPlacing(on: boolean) {
		map!.setPlacing(on);
	},
	setCapture(p: LngLat | null) {
		map!.setCapture(p);
	},
	setGps(fix: { lng: number; lat: number; accuracy: number } | null) {
		map!.setGps(fix);
	},
	/** Pixel of a position in the page, to tap or drag there. */
	pixel(p: LngLat) {
		const pt = map!.map.latLngToContainerPoint([p.lat, p.lng]);
		return { x: pt.x, y: pt.y };
	},
	gps() {
		return map!.gpsCircle;
	},
	/** Pixels of the overlay canvas (boundaries, GPS circle) that are not transparent. */
	overlayInk() {
		let n = 0;
		for (const c of el.querySelectorAll<HTMLCanvasElement>('.leaflet-overlay-pane canvas')) {
			const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
			for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
		}
		return n;
	}
};

(window as unknown as { harness: typeof harness }).harness = harness;
document.title = 'harness-ready';
