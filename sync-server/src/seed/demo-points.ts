import {
	encodePlusCode,
	localProjection,
	PLUS_CODE_LENGTH,
	PointGrid,
	pointFindings,
	type AddressPoint,
	type CaptureMethod,
	type LngLat,
	type ObjectType
} from '../../../src/lib/domain/address/index.ts';
import { NOTICE_VERSION } from '../../../src/lib/domain/consent.ts';
import type { Review } from '../../../src/lib/domain/envelope.ts';
// The test factories' generator, so the demo and the tests draw from one seeded RNG.
import { createRng, type Rng } from '../../../tests/factories/random.ts';
import { loadBoundary } from '../maps/boundaries.ts';
import type { DemoVolunteer } from './demo-records.ts';

/** Digital-address points of the demo commune, so the map, review queue and coverage look alive. */

export const DEMO_POINTS_PER_HAMLET = 150;
/** The demo commune's official, who validated or returned some of the points. */
export const DEMO_OFFICIAL = 'cb.tranvanhai';
const DAY_MS = 86_400_000;
/** Captures spread over the last eight weeks, the campaign picking up towards now. */
const WEEKS = 8;

const TYPES: readonly (readonly [ObjectType, number])[] = [
	['house', 80],
	['shop', 9],
	['office', 2],
	['school', 2],
	['health_station', 1],
	['worship', 2],
	['public_place', 2],
	['other', 2]
];
const NAMES: Readonly<Partial<Record<ObjectType, readonly string[]>>> = {
	shop: ['Tạp hoá Bảy Hương', 'Quán cà phê Gió Chiều', 'Tiệm sửa xe Út', 'Quán cơm Hai Lúa'],
	office: ['Nhà văn hoá ấp', 'Văn phòng ấp'],
	school: ['Trường Tiểu học Thạnh Đức', 'Điểm trường Mầm non'],
	health_station: ['Trạm Y tế xã Thạnh Đức'],
	worship: ['Chùa Phước Lâm', 'Nhà thờ Thạnh Đức', 'Đình ấp'],
	public_place: ['Chợ Thạnh Đức', 'Sân bóng ấp']
};
const STREETS = ['Đường tỉnh 782', 'Hẻm 3', 'Tổ 5', 'Đường Bến Chò', 'Tổ 2', null];
const METHODS: readonly (readonly [CaptureMethod, number])[] = [
	['gps_averaged', 70],
	['gps_single', 8],
	['gps_moved', 12],
	['map_placed', 10]
];
const RETURN_NOTES = [
	'Điểm lệch sang nhà bên cạnh, chỉnh lại vị trí',
	'Thiếu số nhà, hỏi lại chủ hộ',
	'Trùng với điểm đã có, kiểm tra lại'
];

export interface DemoPointOptions {
	/** The hamlets' volunteers: each captures the points of their hamlet. */
	volunteers: readonly DemoVolunteer[];
	official: string;
	now: Date;
	/** The commune boundary: every point lies inside it. */
	inside: (p: LngLat) => boolean;
	bbox: readonly [number, number, number, number];
	/** Demo households a point may link to, with the head who gave the consent. */
	households: readonly {
		id: string;
		hamlet: string;
		houseNumber: string | null;
		street: string | null;
		headResidentId: string;
	}[];
	seed?: number;
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

function insideSpot(rng: Rng, o: DemoPointOptions): LngLat {
	const [w, s, e, n] = o.bbox;
	for (;;) {
		const p = { lng: w + rng.next() * (e - w), lat: s + rng.next() * (n - s) };
		if (o.inside(p)) return p;
	}
}

/** Roughly normal, so a hamlet's houses thin out from its centre. */
const bell = (rng: Rng) => (rng.next() + rng.next() + rng.next()) / 1.5 - 1;

/** Days back, more of them recent: the campaign grew over the weeks. */
function daysAgo(rng: Rng): number {
	return Math.floor((WEEKS * 7 - 1) * (1 - Math.sqrt(rng.next())));
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** `minute` of the day in Việt Nam, `days` before now's day; a day earlier when that is not an hour past. */
function workingTime(now: Date, days: number, minute: number): Date {
	const midnight = Math.floor((now.getTime() + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
	const t = midnight - days * DAY_MS + minute * 60_000;
	return new Date(t > now.getTime() - 3_600_000 ? t - DAY_MS : t);
}

/** As the devices write times: Việt Nam's clock with its offset. */
function vnIso(d: Date): string {
	return new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 23) + '+07:00';
}

export function demoAddressPoints(o: DemoPointOptions): AddressPoint[] {
	const rng = createRng(o.seed ?? 392);
	const out: AddressPoint[] = [];
	const communeGrid = new PointGrid(insideSpot(rng.fork(), o));
	for (const v of o.volunteers) {
		const hrng = rng.fork();
		// Two or three clusters of houses (xóm) per hamlet, each a few hundred metres across.
		const clusters = Array.from({ length: hrng.int(2, 3) }, () => insideSpot(hrng, o));
		const linkable = o.households.filter((h) => h.hamlet === v.hamlet && h.houseNumber !== null);
		for (let i = 0; i < DEMO_POINTS_PER_HAMLET; i++) {
			const proj = localProjection(hrng.pick(clusters));
			let position: LngLat;
			for (;;) {
				const p = proj.toLngLat(bell(hrng) * 350, bell(hrng) * 350);
				position = { lng: round7(p.lng), lat: round7(p.lat) };
				const checks = pointFindings(
					{
						id: '',
						position,
						hamlet: v.hamlet,
						houseNumber: null,
						gps: null,
						method: 'map_placed',
						confirmed: []
					},
					{ insideCommune: o.inside, grid: communeGrid }
				);
				// Not even a near-duplicate warning: demo houses stand apart.
				if (checks.length === 0) break;
			}
			// The hamlet's first household stays without a point, for the demo's own capture to link.
			const household = i >= 1 && i < linkable.length ? linkable[i] : null;
			const objectType = household ? 'house' : hrng.weighted(TYPES);
			const names = NAMES[objectType];
			const capturedAt = workingTime(o.now, daysAgo(hrng), hrng.int(7 * 60, 17 * 60));
			const at = vnIso(capturedAt);
			const method = hrng.weighted(METHODS);
			const accuracyM = round1(hrng.chance(0.08) ? 11 + hrng.next() * 14 : 2.5 + hrng.next() * 6.5);
			const gps =
				method === 'map_placed'
					? null
					: {
							position:
								method === 'gps_moved'
									? offset(position, 8 + hrng.next() * 25, hrng.next() * 2 * Math.PI)
									: position,
							accuracyM,
							samples: method === 'gps_single' ? 1 : hrng.int(6, 30)
						};
			const review = demoReview(hrng, v.username, o.official, capturedAt, o.now);
			const id = `ap-demo-${v.hamlet}-${String(i + 1).padStart(3, '0')}`;
			const point: AddressPoint = {
				id,
				schemaVersion: 0,
				commune: v.commune,
				hamlet: v.hamlet,
				createdAt: at,
				updatedAt: review.history.at(-1)?.at ?? at,
				createdBy: v.username,
				updatedBy: review.history.at(-1)?.by ?? v.username,
				review,
				position,
				method,
				gps,
				objectType,
				name: names ? hrng.pick(names) : null,
				houseNumber:
					household?.houseNumber ??
					(objectType === 'house' || hrng.chance(0.5)
						? `${hrng.int(100, 480)}${hrng.chance(0.15) ? `/${hrng.int(1, 9)}` : ''}`
						: null),
				street: household ? household.street : hrng.pick(STREETS),
				householdId: household?.id ?? null,
				photoHash: null,
				officialCode: null,
				plusCode: encodePlusCode(position.lat, position.lng, PLUS_CODE_LENGTH),
				capturedAt: at,
				capturedBy: v.username,
				importedFrom: null,
				confirmed: [],
				consent: household
					? {
							purpose: 'address',
							noticeVersion: NOTICE_VERSION,
							givenAt: at,
							takenBy: v.username,
							method: 'ticked'
						}
					: null,
				consentResidentId: household?.headResidentId ?? null
			};
			communeGrid.put(point);
			out.push(point);
		}
	}
	return out;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function offset(p: LngLat, metres: number, angle: number): LngLat {
	const q = localProjection(p).toLngLat(Math.cos(angle) * metres, Math.sin(angle) * metres);
	return { lng: round7(q.lng), lat: round7(q.lat) };
}

/** Mostly waiting for the commune; some validated, a few sent back with a note. */
function demoReview(rng: Rng, volunteer: string, official: string, captured: Date, now: Date) {
	const submit = { action: 'submit' as const, by: volunteer, at: vnIso(captured) };
	const roll = rng.next();
	// The official reviews a few days later, never after now.
	const later = new Date(
		Math.min(now.getTime() - 60_000, captured.getTime() + rng.int(1, 5) * DAY_MS)
	);
	const reviewed = later.getTime() > captured.getTime();
	if (reviewed && roll < 0.2) {
		return {
			status: 'approved',
			notes: [],
			history: [submit, { action: 'approve', by: official, at: vnIso(later) }]
		} satisfies Review;
	}
	if (reviewed && roll < 0.26) {
		const text = rng.pick(RETURN_NOTES);
		return {
			status: 'returned',
			notes: [{ field: 'position', text, by: official, at: vnIso(later) }],
			history: [submit, { action: 'return', by: official, at: vnIso(later), note: text }]
		} satisfies Review;
	}
	return { status: 'submitted', notes: [], history: [submit] } satisfies Review;
}

/**
 * The points the demo seeds for a commune, from its volunteers and the demo
 * households: none when its boundary does not ship, since they must lie inside it.
 */
export function demoCommunePoints(
	commune: string,
	volunteers: readonly DemoVolunteer[],
	households: readonly Record<string, unknown>[],
	now: Date
): AddressPoint[] {
	const boundary = loadBoundary(commune);
	if (!boundary) return [];
	const text = (v: unknown) => (typeof v === 'string' ? v : null);
	return demoAddressPoints({
		volunteers: volunteers.filter((v) => v.commune === commune),
		official: DEMO_OFFICIAL,
		now,
		inside: (p) => boundary.contains(p),
		bbox: boundary.bbox,
		households: households.map((h) => ({
			id: String(h._id),
			hamlet: String(h.hamlet),
			houseNumber: text(h.houseNumber),
			street: text(h.street),
			headResidentId: String(h.headResidentId)
		}))
	});
}
