import { describe, expect, it } from 'vitest';
import {
	addressPointCollection,
	addressPointSchema,
	encodePlusCode,
	placePoint,
	useGpsReading,
	withdrawAddressConsent
} from '../../../../src/lib/domain/address/index.ts';
import { collections, validateWith } from '../../../../src/lib/domain/index.ts';
import { makeAddressPoint } from '../../../factories/address.ts';
import { makeConsent } from '../../../factories/people.ts';
import { createRng } from '../../../factories/random.ts';

const rules = (doc: unknown) => {
	const v = validateWith(addressPointSchema, doc);
	return v.ok ? [] : v.issues.map((i) => `${i.path}:${i.rule}`);
};

describe('address point record', () => {
	const p = makeAddressPoint({ seed: 1 });
	const consent = makeConsent(createRng(1), 'address', p.createdAt, p.createdBy);

	it('accepts a point from averaged GPS, and is registered per hamlet', () => {
		expect(rules(p)).toEqual([]);
		expect(addressPointCollection).toMatchObject({
			name: 'addresses',
			access: 'hamlet',
			version: 0
		});
		expect(collections.addresses).toBe(addressPointCollection);
	});

	it('keeps the Plus Code in step with the position', () => {
		expect(rules({ ...p, plusCode: '7P386663+29W' })).toEqual([
			'plusCode:address.plusCodeMismatch'
		]);
		expect(rules({ ...p, plusCode: '7P38 6663' })).toContain('plusCode:address.plusCodeFormat');
	});

	it('keeps the GPS reading beside a point moved on the map', () => {
		const moved = placePoint(p, { lng: p.position.lng + 0.0001, lat: p.position.lat });
		expect(moved.method).toBe('gps_moved');
		expect(moved.gps).toEqual(p.gps);
		expect(moved.plusCode).toBe(encodePlusCode(moved.position.lat, moved.position.lng));
		expect(rules(moved)).toEqual([]);
		// Moving it without saying so would pass the GPS reading off as the point.
		expect(rules({ ...moved, method: 'gps_averaged' })).toEqual(['gps:address.gpsPosition']);
		const placed = placePoint({ ...p, gps: null, method: 'map_placed' }, moved.position);
		expect(placed.method).toBe('map_placed');
		expect(rules(placed)).toEqual([]);
		expect(rules({ ...placed, method: 'gps_single' })).toEqual(['gps:address.gpsReading']);
		const single = useGpsReading(placed, { position: p.position, accuracyM: 6, samples: 1 });
		expect([single.method, rules(single)]).toEqual(['gps_single', []]);
		expect(rules({ ...single, method: 'gps_averaged' })).toEqual(['gps:address.gpsSamples']);
	});

	it("links a household only with the household's consent for the digital address", () => {
		expect(rules({ ...p, householdId: 'hh-1' })).toEqual(['householdId:address.consentRequired']);
		const linked = { ...p, householdId: 'hh-1', consent, consentResidentId: 'r-1' };
		expect(rules(linked)).toEqual([]);
		const eservice = { ...consent, purpose: 'eservice' as const };
		expect(rules({ ...linked, consent: eservice })).toEqual([
			'consent:address.consentPurpose',
			'householdId:address.consentRequired'
		]);
		const withdrawn = withdrawAddressConsent(linked, {
			at: '2026-11-21T08:00:00+07:00',
			username: 'nguyenthilan'
		});
		expect(withdrawn).toMatchObject({ householdId: null, consentResidentId: null });
		expect(withdrawn.consent?.withdrawnAt).toBe('2026-11-21T08:00:00+07:00');
		expect(rules(withdrawn)).toEqual([]);
	});

	it('stores the official code as given, with its source, and refuses unknown fields', () => {
		expect(rules({ ...p, officialCode: { code: 'VN-8 4X2Q 7TK', source: 'VPostCode' } })).toEqual(
			[]
		);
		expect(rules({ ...p, officialCode: { code: '', source: 'x' } })).toEqual([
			'officialCode.code:address.officialCode'
		]);
		expect(rules({ ...p, photoHash: 'abc' })).toEqual(['photoHash:address.photoHash']);
		expect(rules({ ...p, ownerPhone: '0912345678' })).toEqual(['ownerPhone:record.unknownField']);
		expect(rules({ ...p, position: { lng: 200, lat: 11 } })[0]).toMatch(/^position\.lng:/);
		expect(rules({ ...p, confirmed: ['nearDuplicate', 'nearDuplicate'] })).toEqual([
			'confirmed:address.confirmedTwice'
		]);
	});
});
