import type { AddressPoint, LngLat, ObjectType } from '../../src/lib/domain/address/index.ts';
import { encodePlusCode, localProjection } from '../../src/lib/domain/address/index.ts';
import { DEFAULT_AS_OF, DEFAULT_VOLUNTEER, visitTime } from './people.ts';
import { createRng, type Rng } from './random.ts';
import { STREETS, THANH_DUC } from './vietnam.ts';

/** Middle of Xã Thạnh Đức's bounding box; inside the commune. */
export const THANH_DUC_CENTER: LngLat = { lng: 106.202242, lat: 11.209606 };

export interface MakePointOptions extends Partial<AddressPoint> {
	seed?: number;
	rng?: Rng;
	asOf?: string;
	volunteer?: string;
	/** Where to put the point; default a few hundred metres around the commune's centre. */
	near?: LngLat;
	spreadM?: number;
}

const TYPES: readonly (readonly [ObjectType, number])[] = [
	['house', 85],
	['shop', 8],
	['office', 2],
	['school', 1],
	['worship', 2],
	['other', 2]
];

/** One averaged-GPS point of Thạnh Đức that passes `addressPointSchema`; fields in `opts` win. */
export function makeAddressPoint(opts: MakePointOptions = {}): AddressPoint {
	const {
		seed,
		rng: given,
		asOf = DEFAULT_AS_OF,
		volunteer = DEFAULT_VOLUNTEER,
		near = THANH_DUC_CENTER,
		spreadM = 400,
		...overrides
	} = opts;
	const rng = given ?? createRng(seed ?? 1);
	const at = visitTime(asOf, rng);
	const proj = localProjection(near);
	const p = proj.toLngLat((rng.next() * 2 - 1) * spreadM, (rng.next() * 2 - 1) * spreadM);
	const position = overrides.position ?? {
		lng: Math.round(p.lng * 1e7) / 1e7,
		lat: Math.round(p.lat * 1e7) / 1e7
	};
	const hamlet = overrides.hamlet ?? THANH_DUC.hamlets[0].id;
	const samples = rng.int(8, 20);
	return {
		id: `ap-${hamlet}-${rng.digits(8)}`,
		schemaVersion: 0,
		commune: THANH_DUC.commune,
		hamlet,
		createdAt: at,
		updatedAt: at,
		createdBy: volunteer,
		updatedBy: volunteer,
		position,
		method: 'gps_averaged',
		gps: { position, accuracyM: Math.round((3 + rng.next() * 6) * 10) / 10, samples },
		objectType: rng.weighted(TYPES),
		name: null,
		houseNumber: String(rng.int(1, 400)),
		street: rng.chance(0.8) ? rng.pick(STREETS) : null,
		householdId: null,
		photoHash: null,
		officialCode: null,
		plusCode: encodePlusCode(position.lat, position.lng),
		capturedAt: at,
		capturedBy: volunteer,
		importedFrom: null,
		confirmed: [],
		consent: null,
		consentResidentId: null,
		...overrides
	};
}
