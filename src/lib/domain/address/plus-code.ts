/**
 * Open Location Code (Plus Code) encoding, shortening and recovery, with the
 * integer arithmetic of the current reference implementations. The npm
 * package `open-location-code` still uses the 2014 floating-point algorithm
 * and gets 20 of 26 of the official encoding tests wrong, hence this file.
 */

const ALPHABET = '23456789CFGHJMPQRVWX';
const BASE = 20;
const SEPARATOR = '+';
const SEPARATOR_POSITION = 8;
const PAIR_LENGTH = 10;
const MAX_LENGTH = 15;
const GRID_ROWS = 5;
const GRID_COLUMNS = 4;
/** Units of the last digit: 1/25,000,000 degree of latitude, 1/8,192,000 of longitude. */
const LAT_PRECISION = 8000 * GRID_ROWS ** 5;
const LNG_PRECISION = 8000 * GRID_COLUMNS ** 5;
/** Size in degrees of the cell of the first, second, … pair. */
const PAIR_RESOLUTIONS = [20, 1, 0.05, 0.0025, 0.000125];

/** Digits stored for a digital-address point: about 3 × 3.5 m. */
export const PLUS_CODE_LENGTH = 11;

export interface CodeArea {
	latLo: number;
	lngLo: number;
	latHi: number;
	lngHi: number;
	latCenter: number;
	lngCenter: number;
	length: number;
}

function normalizeLng(lng: number): number {
	const r = (((lng + 180) % 360) + 360) % 360;
	return r - 180;
}

/** The code of the cell holding (lat, lng), e.g. `7P4G5QXF+2V3` for 11 digits. */
export function encodePlusCode(lat: number, lng: number, length = PLUS_CODE_LENGTH): string {
	if (!Number.isFinite(lat) || !Number.isFinite(lng)) throw new RangeError('coordinates');
	if (length < 2 || (length < PAIR_LENGTH && length % 2 === 1)) {
		throw new RangeError(`invalid Plus Code length ${length}`);
	}
	const digits = Math.min(length, MAX_LENGTH);
	const clipped = Math.min(90, Math.max(-90, lat));
	// Scaling before flooring keeps values like 80.01 from landing in the cell below.
	let latVal = Math.floor(Math.round((clipped + 90) * LAT_PRECISION * 1e6) / 1e6);
	let lngVal = Math.floor(Math.round((normalizeLng(lng) + 180) * LNG_PRECISION * 1e6) / 1e6);
	latVal = Math.min(latVal, 180 * LAT_PRECISION - 1);
	lngVal = ((lngVal % (360 * LNG_PRECISION)) + 360 * LNG_PRECISION) % (360 * LNG_PRECISION);
	let grid = '';
	for (let i = 0; i < MAX_LENGTH - PAIR_LENGTH; i++) {
		grid = ALPHABET[(latVal % GRID_ROWS) * GRID_COLUMNS + (lngVal % GRID_COLUMNS)] + grid;
		latVal = Math.floor(latVal / GRID_ROWS);
		lngVal = Math.floor(lngVal / GRID_COLUMNS);
	}
	let pairs = '';
	for (let i = 0; i < PAIR_LENGTH / 2; i++) {
		pairs = ALPHABET[latVal % BASE] + ALPHABET[lngVal % BASE] + pairs;
		latVal = Math.floor(latVal / BASE);
		lngVal = Math.floor(lngVal / BASE);
	}
	const all = pairs + grid;
	if (digits < SEPARATOR_POSITION) {
		return all.slice(0, digits) + '0'.repeat(SEPARATOR_POSITION - digits) + SEPARATOR;
	}
	return all.slice(0, SEPARATOR_POSITION) + SEPARATOR + all.slice(SEPARATOR_POSITION, digits);
}

const FULL_CODE = /^([23456789CFGHJMPQRVWX]{2}){1,4}(0{0,6})?\+([23456789CFGHJMPQRVWX]{2,7})?$/i;

/** A full code (not shortened) with its separator in place and a valid first pair. */
export function isFullPlusCode(code: string): boolean {
	const m = FULL_CODE.exec(code);
	if (!m) return false;
	const sep = code.indexOf(SEPARATOR);
	if (sep !== SEPARATOR_POSITION) return false;
	const padded = code.includes('0');
	if (padded && code.length !== SEPARATOR_POSITION + 1) return false;
	const upper = code.toUpperCase();
	return ALPHABET.indexOf(upper[0]) * BASE < 180 && ALPHABET.indexOf(upper[1]) * BASE < 360;
}

export function decodePlusCode(code: string): CodeArea {
	if (!isFullPlusCode(code)) throw new RangeError(`not a full Plus Code: ${code}`);
	const clean = code.toUpperCase().replace(SEPARATOR, '').replace(/0+$/, '').slice(0, MAX_LENGTH);
	let lat = 0;
	let lng = 0;
	let latPlace = PAIR_RESOLUTIONS[0] * LAT_PRECISION;
	let lngPlace = PAIR_RESOLUTIONS[0] * LNG_PRECISION;
	let latSize = latPlace;
	let lngSize = lngPlace;
	for (let i = 0; i < Math.min(clean.length, PAIR_LENGTH); i += 2) {
		lat += ALPHABET.indexOf(clean[i]) * latPlace;
		lng += ALPHABET.indexOf(clean[i + 1]) * lngPlace;
		latSize = latPlace;
		lngSize = lngPlace;
		latPlace /= BASE;
		lngPlace /= BASE;
	}
	let rowPlace = latSize / GRID_ROWS;
	let colPlace = lngSize / GRID_COLUMNS;
	for (let i = PAIR_LENGTH; i < clean.length; i++) {
		const d = ALPHABET.indexOf(clean[i]);
		lat += Math.floor(d / GRID_COLUMNS) * rowPlace;
		lng += (d % GRID_COLUMNS) * colPlace;
		latSize = rowPlace;
		lngSize = colPlace;
		rowPlace /= GRID_ROWS;
		colPlace /= GRID_COLUMNS;
	}
	const latLo = lat / LAT_PRECISION - 90;
	const lngLo = lng / LNG_PRECISION - 180;
	const latHi = (lat + latSize) / LAT_PRECISION - 90;
	const lngHi = (lng + lngSize) / LNG_PRECISION - 180;
	return {
		latLo,
		lngLo,
		latHi,
		lngHi,
		latCenter: Math.min((latLo + latHi) / 2, 90),
		lngCenter: (lngLo + lngHi) / 2,
		length: clean.length
	};
}

/**
 * Drops the leading digits a person near (lat, lng) can do without: 4 within
 * about 30 km, 6 within 1.5 km, 8 within 80 m. Returns the code unchanged
 * when the reference is too far.
 */
export function shortenPlusCode(code: string, lat: number, lng: number): string {
	if (!isFullPlusCode(code) || code.includes('0')) throw new RangeError(`cannot shorten ${code}`);
	const area = decodePlusCode(code);
	const range = Math.max(
		Math.abs(area.latCenter - lat),
		Math.abs(area.lngCenter - normalizeLng(lng))
	);
	for (let i = PAIR_RESOLUTIONS.length - 2; i >= 1; i--) {
		if (range < PAIR_RESOLUTIONS[i] * 0.3) return code.toUpperCase().slice((i + 1) * 2);
	}
	return code.toUpperCase();
}

/** The full code nearest to (lat, lng) that ends with `short`; a full code comes back as it is. */
export function recoverPlusCode(short: string, lat: number, lng: number): string {
	const upper = short.toUpperCase();
	const sep = upper.indexOf(SEPARATOR);
	if (sep === SEPARATOR_POSITION && isFullPlusCode(upper)) return upper;
	if (
		sep < 0 ||
		sep > SEPARATOR_POSITION ||
		sep % 2 === 1 ||
		!isFullPlusCode('22222222'.slice(0, SEPARATOR_POSITION - sep) + upper)
	) {
		throw new RangeError(`not a short Plus Code: ${short}`);
	}
	const padding = SEPARATOR_POSITION - sep;
	const resolution = BASE ** (2 - padding / 2);
	const half = resolution / 2;
	const refLat = Math.min(90, Math.max(-90, lat));
	const refLng = normalizeLng(lng);
	const area = decodePlusCode(encodePlusCode(refLat, refLng).slice(0, padding) + upper);
	let latC = area.latCenter;
	let lngC = area.lngCenter;
	if (refLat + half < latC && latC - resolution >= -90) latC -= resolution;
	else if (refLat - half > latC && latC + resolution <= 90) latC += resolution;
	if (refLng + half < lngC) lngC -= resolution;
	else if (refLng - half > lngC) lngC += resolution;
	return encodePlusCode(latC, lngC, area.length);
}

/**
 * The short form shown with the commune's name, e.g. `6663+29W Thạnh Đức`:
 * always 4 digits fewer, so every point of the commune reads the same way
 * and recovers from the commune's centre. Full code when the centre is too far.
 */
export function communePlusCode(code: string, center: { lat: number; lng: number }): string {
	return shortenPlusCode(code, center.lat, center.lng) === code.toUpperCase()
		? code.toUpperCase()
		: code.toUpperCase().slice(4);
}
