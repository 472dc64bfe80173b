import {
	LineLabelSymbolizer,
	LineSymbolizer,
	PolygonSymbolizer,
	type LabelRule,
	type PaintRule
} from 'protomaps-leaflet';

/**
 * Styles for the layers of our packs: `boundary`, `water`, `roads`,
 * `buildings` (generated packs), and the usual OpenStreetMap-derived names
 * `earth`, `landuse`, `transportation`/`roads`, `building`/`buildings`.
 */
export const MAP_BACKGROUND = '#eef0e6';

const road = (kinds: readonly string[], width: number, color: string): PaintRule => ({
	dataLayer: 'roads',
	symbolizer: new LineSymbolizer({ color, width, lineCap: 'round' }),
	filter: (_z, f) => kinds.includes(String(f.props.kind))
});

export const paintRules: PaintRule[] = [
	{ dataLayer: 'earth', symbolizer: new PolygonSymbolizer({ fill: MAP_BACKGROUND }) },
	{ dataLayer: 'landuse', symbolizer: new PolygonSymbolizer({ fill: '#dfe8cf' }) },
	{
		dataLayer: 'water',
		symbolizer: new PolygonSymbolizer({ fill: '#a9d3ec' }),
		filter: (_z, f) => f.geomType === 3
	},
	{
		dataLayer: 'water',
		symbolizer: new LineSymbolizer({ color: '#8cc4e6', width: 4 }),
		filter: (_z, f) => f.geomType === 2
	},
	{
		dataLayer: 'buildings',
		symbolizer: new PolygonSymbolizer({ fill: '#d9cfc4', stroke: '#b9ab9c', width: 0.5 }),
		minzoom: 14
	},
	{ dataLayer: 'building', symbolizer: new PolygonSymbolizer({ fill: '#d9cfc4' }), minzoom: 14 },
	// `minor`/`main` in generated packs; the Protomaps basemap's kinds in packs cut from its builds.
	road(['path', 'other'], 1.5, '#ffffff'),
	road(['minor', 'minor_road'], 3, '#ffffff'),
	road(['main', 'major_road', 'highway'], 5, '#f7d58b'),
	{ dataLayer: 'transportation', symbolizer: new LineSymbolizer({ color: '#ffffff', width: 3 }) }
];

export const labelRules: LabelRule[] = [
	{
		dataLayer: 'roads',
		symbolizer: new LineLabelSymbolizer({
			labelProps: ['name'],
			fill: '#3d3d3d',
			font: '500 12px sans-serif'
		}),
		minzoom: 15
	}
];
