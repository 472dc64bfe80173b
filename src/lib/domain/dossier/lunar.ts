/**
 * Vietnamese lunar calendar: Hồ Ngọc Đức's astronomical algorithm (new
 * moons and solar terms after Meeus) evaluated at UTC+7. The time zone
 * matters: Vietnam's Tết fell on another day than China's in 1985 and 2007.
 */
const TZ = 7;
const { PI, floor, sin } = Math;

export function julianDay(d: number, m: number, y: number): number {
	const a = floor((14 - m) / 12);
	const yy = y + 4800 - a;
	const mm = m + 12 * a - 3;
	let jd =
		d +
		floor((153 * mm + 2) / 5) +
		365 * yy +
		floor(yy / 4) -
		floor(yy / 100) +
		floor(yy / 400) -
		32045;
	if (jd < 2299161) jd = d + floor((153 * mm + 2) / 5) + 365 * yy + floor(yy / 4) - 32083;
	return jd;
}

export function fromJulianDay(jd: number): { d: number; m: number; y: number } {
	let b: number, c: number;
	if (jd > 2299160) {
		const a = jd + 32044;
		b = floor((4 * a + 3) / 146097);
		c = a - floor((b * 146097) / 4);
	} else {
		b = 0;
		c = jd + 32082;
	}
	const d = floor((4 * c + 3) / 1461);
	const e = c - floor((1461 * d) / 4);
	const m = floor((5 * e + 2) / 153);
	return {
		d: e - floor((153 * m + 2) / 5) + 1,
		m: m + 3 - 12 * floor(m / 10),
		y: b * 100 + d - 4800 + floor(m / 10)
	};
}

/** Julian date (with fraction) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
	const T = k / 1236.85;
	const T2 = T * T;
	const T3 = T2 * T;
	const dr = PI / 180;
	let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
	jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
	const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
	const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
	const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
	let c1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
	c1 = c1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
	c1 = c1 - 0.0004 * sin(dr * 3 * Mpr);
	c1 = c1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
	c1 = c1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
	c1 = c1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
	c1 = c1 + 0.001 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
	const deltaT =
		T < -11
			? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
			: -0.000278 + 0.000265 * T + 0.000262 * T2;
	return jd1 + c1 - deltaT;
}

/** Sun's ecliptic longitude in radians at a Julian date. */
function sunLongitude(jdn: number): number {
	const T = (jdn - 2451545.0) / 36525;
	const T2 = T * T;
	const dr = PI / 180;
	const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
	const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
	let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
	DL += (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.00029 * sin(dr * 3 * M);
	const L = (L0 + DL) * dr;
	return L - PI * 2 * floor(L / (PI * 2));
}

const newMoonDay = (k: number) => floor(newMoon(k) + 0.5 + TZ / 24);
/** Which of the 12 major solar terms (0-11) the sun is in at the start of a day. */
const sunSector = (dayNumber: number) => floor((sunLongitude(dayNumber - 0.5 - TZ / 24) / PI) * 6);

/** Day number of the start of the 11th lunar month (the one holding the winter solstice) of year y. */
function lunarMonth11(y: number): number {
	const off = julianDay(31, 12, y) - 2415021;
	const k = floor(off / 29.530588853);
	const nm = newMoonDay(k);
	return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Offset (in months after month 11) of the leap month: the first without a major solar term. */
function leapMonthOffset(a11: number): number {
	const k = floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
	let last: number;
	let i = 1;
	let arc = sunSector(newMoonDay(k + i));
	do {
		last = arc;
		i++;
		arc = sunSector(newMoonDay(k + i));
	} while (arc !== last && i < 14);
	return i - 1;
}

export interface LunarDate {
	day: number;
	month: number;
	year: number;
	/** The day is in the leap (nhuận) repeat of `month`. */
	leap: boolean;
}

export function solarToLunar(d: number, m: number, y: number): LunarDate {
	const dayNumber = julianDay(d, m, y);
	const k = floor((dayNumber - 2415021.076998695) / 29.530588853);
	let monthStart = newMoonDay(k + 1);
	if (monthStart > dayNumber) monthStart = newMoonDay(k);
	let a11 = lunarMonth11(y);
	let b11 = a11;
	let year: number;
	if (a11 >= monthStart) {
		year = y;
		a11 = lunarMonth11(y - 1);
	} else {
		year = y + 1;
		b11 = lunarMonth11(y + 1);
	}
	const day = dayNumber - monthStart + 1;
	const diff = floor((monthStart - a11) / 29);
	let leap = false;
	let month = diff + 11;
	if (b11 - a11 > 365) {
		const leapDiff = leapMonthOffset(a11);
		if (diff >= leapDiff) {
			month = diff + 10;
			if (diff === leapDiff) leap = true;
		}
	}
	if (month > 12) month -= 12;
	if (month >= 11 && diff < 4) year -= 1;
	return { day, month, year, leap };
}

/** The solar date of a lunar date, or undefined when that leap month does not exist. */
export function lunarToSolar(
	day: number,
	month: number,
	year: number,
	leap = false
): { d: number; m: number; y: number } | undefined {
	let a11: number, b11: number;
	if (month < 11) {
		a11 = lunarMonth11(year - 1);
		b11 = lunarMonth11(year);
	} else {
		a11 = lunarMonth11(year);
		b11 = lunarMonth11(year + 1);
	}
	const k = floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
	let off = month - 11;
	if (off < 0) off += 12;
	if (b11 - a11 > 365) {
		const leapOff = leapMonthOffset(a11);
		let leapMonth = leapOff - 2;
		if (leapMonth < 0) leapMonth += 12;
		if (leap && month !== leapMonth) return undefined;
		if (leap || off >= leapOff) off += 1;
	} else if (leap) return undefined;
	return fromJulianDay(newMoonDay(k + off) + day - 1);
}
