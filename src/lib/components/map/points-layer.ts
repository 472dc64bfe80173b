import L from 'leaflet';

export interface MapPoint {
	id: string;
	lng: number;
	lat: number;
	/** Index into the layer's colours, e.g. a review status. */
	group: number;
}

/**
 * Tens of thousands of points on one canvas. Positions are projected once
 * at zoom 0; each redraw scales them, skips those out of view and fills one
 * path per colour. Panning moves the canvas with the map pane, so frames
 * cost nothing; only `moveend` and `zoomend` redraw.
 */
export class PointsLayer extends L.Layer {
	private canvas: HTMLCanvasElement | null = null;
	private xs = new Float64Array(0);
	private ys = new Float64Array(0);
	/** Points of group g are at indices starts[g] … starts[g + 1] - 1. */
	private starts = new Uint32Array(1);
	private ids: string[] = [];
	private topLeft = L.point(0, 0);
	/** Milliseconds of the last redraw, for the benchmark. */
	lastDrawMs = 0;

	constructor(private readonly colors: readonly string[]) {
		super();
	}

	setPoints(points: readonly MapPoint[]): void {
		// Sorted by group once, so each colour's pass walks only its own points.
		const order = points.map((_, i) => i).sort((a, b) => points[a].group - points[b].group);
		this.xs = new Float64Array(points.length);
		this.ys = new Float64Array(points.length);
		this.starts = new Uint32Array(this.colors.length + 1);
		this.ids = order.map((i) => points[i].id);
		order.forEach((src, i) => {
			const p = points[src];
			const q = L.CRS.EPSG3857.latLngToPoint(L.latLng(p.lat, p.lng), 0);
			this.xs[i] = q.x;
			this.ys[i] = q.y;
			this.starts[Math.min(p.group, this.colors.length - 1) + 1]++;
		});
		for (let g = 1; g <= this.colors.length; g++) this.starts[g] += this.starts[g - 1];
		this.redraw();
	}

	override onAdd(map: L.Map): this {
		this.canvas = L.DomUtil.create('canvas', 'leaflet-zoom-animated') as HTMLCanvasElement;
		this.canvas.style.pointerEvents = 'none';
		map.getPane('overlayPane')!.appendChild(this.canvas);
		// A zoom ends with `moveend` too: listening to `zoomend` as well would draw twice.
		map.on('moveend viewreset', this.redraw, this);
		map.on('zoomanim', this.animate, this);
		this.redraw();
		return this;
	}

	override onRemove(map: L.Map): this {
		map.off('moveend viewreset', this.redraw, this);
		map.off('zoomanim', this.animate, this);
		this.canvas?.remove();
		this.canvas = null;
		return this;
	}

	private animate(e: L.ZoomAnimEvent): void {
		const map = this._map;
		if (!map || !this.canvas) return;
		// Where our top-left corner lands at the target zoom, as Leaflet's own renderers compute it.
		const scale = map.getZoomScale(e.zoom, map.getZoom());
		const panePos = L.DomUtil.getPosition(map.getPane('mapPane')!);
		const newOrigin = map
			.project(e.center, e.zoom)
			.subtract(map.getSize().divideBy(2))
			.add(panePos)
			.round();
		const corner = map
			.project(map.layerPointToLatLng(this.topLeft), e.zoom)
			.round()
			.subtract(newOrigin);
		L.DomUtil.setTransform(this.canvas, corner, scale);
	}

	redraw(): void {
		const map = this._map;
		const canvas = this.canvas;
		if (!map || !canvas) return;
		const started = performance.now();
		const size = map.getSize();
		const ratio = window.devicePixelRatio || 1;
		this.topLeft = map.containerPointToLayerPoint([0, 0]);
		L.DomUtil.setPosition(canvas, this.topLeft);
		const [w, h] = [Math.round(size.x * ratio), Math.round(size.y * ratio)];
		const ctx = canvas.getContext('2d')!;
		// Resizing reallocates the bitmap: only when the map's size changed, else just clear it.
		if (canvas.width !== w || canvas.height !== h) {
			canvas.width = w;
			canvas.height = h;
			canvas.style.width = `${size.x}px`;
			canvas.style.height = `${size.y}px`;
		}
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.clearRect(0, 0, w, h);
		ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
		const zoom = map.getZoom();
		const scale = 2 ** zoom;
		const origin = map.getPixelOrigin().add(this.topLeft);
		const radius = zoom >= 17 ? 6 : zoom >= 15 ? 4 : zoom >= 13 ? 2.5 : 1.5;
		const pad = radius + 1;
		for (let g = 0; g < this.colors.length; g++) {
			ctx.fillStyle = this.colors[g];
			const [from, to] = [this.starts[g], this.starts[g + 1]];
			if (radius < 3) {
				// Squares of 3-5 px read as dots at these zooms and cost a fraction of arcs.
				const d = radius * 2;
				for (let i = from; i < to; i++) {
					const x = this.xs[i] * scale - origin.x;
					const y = this.ys[i] * scale - origin.y;
					if (x < -pad || y < -pad || x > size.x + pad || y > size.y + pad) continue;
					ctx.fillRect(x - radius, y - radius, d, d);
				}
				continue;
			}
			ctx.beginPath();
			for (let i = from; i < to; i++) {
				const x = this.xs[i] * scale - origin.x;
				const y = this.ys[i] * scale - origin.y;
				if (x < -pad || y < -pad || x > size.x + pad || y > size.y + pad) continue;
				ctx.moveTo(x + radius, y);
				ctx.arc(x, y, radius, 0, 2 * Math.PI);
			}
			ctx.fill();
			ctx.strokeStyle = '#ffffff';
			ctx.lineWidth = 1.5;
			ctx.stroke();
		}
		this.lastDrawMs = performance.now() - started;
		canvas.dataset.drawn = String(this.xs.length);
	}

	/** The point nearest a container pixel within `px`, for taps. */
	pick(containerPoint: L.Point, px = 16): string | null {
		const map = this._map;
		if (!map) return null;
		const scale = 2 ** map.getZoom();
		const origin = map.getPixelOrigin().add(map.containerPointToLayerPoint([0, 0]));
		let best: string | null = null;
		let bestD = px * px;
		for (let i = 0; i < this.xs.length; i++) {
			const dx = this.xs[i] * scale - origin.x - containerPoint.x;
			const dy = this.ys[i] * scale - origin.y - containerPoint.y;
			const d = dx * dx + dy * dy;
			if (d <= bestD) {
				bestD = d;
				best = this.ids[i];
			}
		}
		return best;
	}
}
