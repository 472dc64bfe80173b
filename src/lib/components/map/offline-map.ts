import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { leafletLayer } from 'protomaps-leaflet';
import type { GeoJsonObject } from 'geojson';
import { labelRules, MAP_BACKGROUND, paintRules } from './basemap';
import { openPack, packAttribution, type PackInput } from './pack-source';
import { PointsLayer, type MapPoint } from './points-layer';

export interface LngLat {
	lng: number;
	lat: number;
}

export interface GpsFix extends LngLat {
	/** Metres. */
	accuracy: number;
}

export interface OfflineMapOptions {
	center: LngLat;
	zoom?: number;
	/** Colour of each point group (e.g. review status), by index. */
	colors?: readonly string[];
	/** A tap on the map while placing, or the capture marker dragged to a new place. */
	onPlace?: (p: LngLat) => void;
	onPick?: (id: string) => void;
	markerLabel?: string;
}

export const STATUS_COLORS = ['#6b7280', '#2563eb', '#d97706', '#15803d'] as const;

/**
 * The map of one commune: a vector basemap from a PMTiles pack (online or a
 * stored Blob), or a plain background when there is none; the commune and
 * hamlet boundaries and the points on canvas; the point being captured and
 * the live GPS accuracy circle. Everything Leaflet-specific stays here.
 */
export class OfflineMap {
	readonly map: L.Map;
	private readonly renderer = L.canvas({ padding: 0.5 });
	private readonly points: PointsLayer;
	private basemap: L.Layer | null = null;
	private boundary: L.GeoJSON | null = null;
	private hamlets: L.GeoJSON | null = null;
	private marker: L.Marker | null = null;
	private gps: L.Circle | null = null;
	private gpsDot: L.CircleMarker | null = null;
	private placing = false;
	private fitted = false;

	constructor(
		el: HTMLElement,
		private readonly opts: OfflineMapOptions
	) {
		el.style.background = MAP_BACKGROUND;
		this.map = L.map(el, {
			center: [opts.center.lat, opts.center.lng],
			zoom: opts.zoom ?? 13,
			minZoom: 9,
			maxZoom: 19,
			preferCanvas: true,
			zoomControl: true,
			attributionControl: true
		});
		this.map.attributionControl.setPrefix(false);
		this.points = new PointsLayer(opts.colors ?? STATUS_COLORS).addTo(this.map);
		this.map.on('click', (e: L.LeafletMouseEvent) => {
			if (this.placing) this.opts.onPlace?.({ lng: e.latlng.lng, lat: e.latlng.lat });
			else {
				const id = this.points.pick(e.containerPoint);
				if (id) this.opts.onPick?.(id);
			}
		});
	}

	/** Shows the pack, or the plain background when `input` is null; resolves once the header is read. */
	async setPack(input: PackInput | null): Promise<{ attribution: string | null }> {
		this.basemap?.remove();
		this.basemap = null;
		if (!input) return { attribution: null };
		const pack = openPack(input);
		const header = await pack.getHeader();
		const attribution = await packAttribution(pack);
		// protomaps-leaflet extends the global `L` when a layer is made, not at import.
		(globalThis as { L?: typeof L }).L ??= L;
		this.basemap = leafletLayer({
			url: pack,
			paintRules,
			labelRules,
			backgroundColor: MAP_BACKGROUND,
			maxDataZoom: header.maxZoom,
			attribution
		}) as unknown as L.Layer;
		this.basemap.addTo(this.map);
		(this.basemap as unknown as { bringToBack(): void }).bringToBack();
		return { attribution };
	}

	// Views set by code never animate: a screen left mid-animation makes Leaflet read a removed pane.
	setBoundary(geojson: GeoJsonObject | null): void {
		this.boundary?.remove();
		this.boundary = null;
		if (!geojson) return;
		// The map prefers canvas, so these paths share its canvas renderer.
		this.boundary = L.geoJSON(geojson, {
			interactive: false,
			style: { color: '#b91c1c', weight: 3, fill: false, dashArray: '8 6' }
		}).addTo(this.map);
		if (!this.fitted) {
			this.map.fitBounds(this.boundary.getBounds(), { padding: [8, 8], animate: false });
			this.fitted = true;
		}
	}

	setHamlets(geojson: GeoJsonObject | null): void {
		this.hamlets?.remove();
		this.hamlets = null;
		if (!geojson) return;
		this.hamlets = L.geoJSON(geojson, {
			interactive: false,
			style: { color: '#7c3aed', weight: 1.5, fill: false, dashArray: '3 5' }
		}).addTo(this.map);
	}

	setPoints(points: readonly MapPoint[]): void {
		this.points.setPoints(points);
	}

	/** Taps place the point while on; otherwise they pick an existing point. */
	setPlacing(on: boolean): void {
		this.placing = on;
		this.map.getContainer().style.cursor = on ? 'crosshair' : '';
	}

	/** The point being captured, draggable to correct it; null hides it. */
	setCapture(p: LngLat | null): void {
		if (!p) {
			this.marker?.remove();
			this.marker = null;
			return;
		}
		if (!this.marker) {
			this.marker = L.marker([p.lat, p.lng], {
				draggable: true,
				keyboard: true,
				title: this.opts.markerLabel ?? '',
				alt: this.opts.markerLabel ?? '',
				icon: L.divIcon({ className: 'capture-marker', iconSize: [28, 28], iconAnchor: [14, 14] })
			}).addTo(this.map);
			this.marker.on('dragend', () => {
				const ll = this.marker!.getLatLng();
				this.opts.onPlace?.({ lng: ll.lng, lat: ll.lat });
			});
		} else this.marker.setLatLng([p.lat, p.lng]);
	}

	/** The live GPS reading as a dot with its accuracy circle. */
	setGps(fix: GpsFix | null): void {
		if (!fix) {
			this.gps?.remove();
			this.gpsDot?.remove();
			this.gps = this.gpsDot = null;
			return;
		}
		const at: L.LatLngExpression = [fix.lat, fix.lng];
		if (!this.gps || !this.gpsDot) {
			this.gps = L.circle(at, {
				radius: fix.accuracy,
				renderer: this.renderer,
				color: '#2563eb',
				weight: 1,
				fillOpacity: 0.15,
				interactive: false
			}).addTo(this.map);
			this.gpsDot = L.circleMarker(at, {
				radius: 6,
				renderer: this.renderer,
				color: '#ffffff',
				weight: 2,
				fillColor: '#2563eb',
				fillOpacity: 1,
				interactive: false
			}).addTo(this.map);
		} else {
			this.gps.setLatLng(at).setRadius(fix.accuracy);
			this.gpsDot.setLatLng(at);
		}
	}

	/** The accuracy circle shown, if any. */
	get gpsCircle(): (LngLat & { radius: number }) | null {
		if (!this.gps) return null;
		const c = this.gps.getLatLng();
		return { lng: c.lng, lat: c.lat, radius: this.gps.getRadius() };
	}

	flyTo(p: LngLat, zoom = 18): void {
		this.map.setView([p.lat, p.lng], zoom, { animate: false });
	}

	/** Redraw time of the points layer, for the benchmark. */
	get pointsDrawMs(): number {
		return this.points.lastDrawMs;
	}

	destroy(): void {
		this.map.remove();
	}
}
