import { z } from 'zod';
import { refuseUnknownFields } from '../closed';
import type { CollectionSpec } from '../spec';
import { consentSchema, hasActiveConsent } from '../consent';
import {
	docIdSchema,
	envelopeShape,
	isoDateTimeSchema,
	reviewShape,
	usernameSchema
} from '../envelope';
import { houseNumberSchema } from '../household';
import { findSecretLike } from '../secrets';
import { encodePlusCode, PLUS_CODE_LENGTH } from './plus-code';

/** Short free text (a name, a street) that may never hold an OTP or a password. */
const label = (max: number) =>
	z
		.string()
		.trim()
		.min(1)
		.max(max)
		.superRefine((text, ctx) => {
			const rule = findSecretLike(text);
			if (rule) ctx.addIssue({ code: 'custom', message: rule });
		});

/** A WGS84 position in degrees; GeoJSON writes it `[lng, lat]`. */
export const lngLatSchema = z.object({
	lng: z.number().min(-180).max(180),
	lat: z.number().min(-90).max(90)
});
export type LngLat = z.infer<typeof lngLatSchema>;

export const objectTypeSchema = z.enum([
	'house',
	'shop',
	'office',
	'school',
	'health_station',
	'worship',
	'public_place',
	'other'
]);
export type ObjectType = z.infer<typeof objectTypeSchema>;

export const objectTypeLabels: Readonly<Record<ObjectType, { en: string; vi: string }>> = {
	house: { en: 'House', vi: 'Nhà ở' },
	shop: { en: 'Shop or business', vi: 'Cửa hàng, cơ sở kinh doanh' },
	office: { en: 'Office', vi: 'Cơ quan, văn phòng' },
	school: { en: 'School', vi: 'Trường học' },
	health_station: { en: 'Health station', vi: 'Trạm y tế' },
	worship: { en: 'Place of worship', vi: 'Cơ sở tôn giáo, tín ngưỡng' },
	public_place: { en: 'Public place', vi: 'Địa điểm công cộng' },
	other: { en: 'Other', vi: 'Khác' }
};

/**
 * How the position was obtained. `gps_moved`: a GPS reading the volunteer then
 * corrected on the map; the reading stays in `gps` beside the final point.
 */
export const captureMethodSchema = z.enum([
	'gps_averaged',
	'gps_single',
	'map_placed',
	'gps_moved'
]);
export type CaptureMethod = z.infer<typeof captureMethodSchema>;

export const captureMethodLabels: Readonly<Record<CaptureMethod, { en: string; vi: string }>> = {
	gps_averaged: { en: 'GPS, averaged', vi: 'GPS, lấy trung bình' },
	gps_single: { en: 'GPS, single reading', vi: 'GPS, một lần đo' },
	map_placed: { en: 'Placed on the map', vi: 'Chấm trên bản đồ' },
	gps_moved: { en: 'GPS, then moved on the map', vi: 'GPS, sau đó chỉnh trên bản đồ' }
};

export const gpsReadingSchema = z.object({
	position: lngLatSchema,
	/** Radius in metres the receiver gives for 68 % confidence, after averaging. */
	accuracyM: z.number().min(0).max(100_000),
	samples: z.number().int().min(1).max(10_000)
});
export type GpsReading = z.infer<typeof gpsReadingSchema>;

/** The official digital-address code: its format is contested, so it is kept as given. */
export const officialCodeSchema = z.object({
	code: z.string().trim().min(1, 'address.officialCode').max(40, 'address.officialCode'),
	/** The system that issued it, e.g. `VPostCode` or `Vmap`. */
	source: z.string().trim().min(1, 'address.officialSource').max(60)
});

/** Warnings the volunteer has looked at and confirmed; they then stop blocking the save. */
export const confirmableSchema = z.enum(['outsideCommune', 'nearDuplicate']);
export type Confirmable = z.infer<typeof confirmableSchema>;

export const plusCodeSchema = z
	.string()
	.regex(/^[2-9CFGHJMPQRVWX]{8}\+[2-9CFGHJMPQRVWX]{3}$/, 'address.plusCodeFormat');

const addressPointShape = {
	...envelopeShape,
	...reviewShape,
	schemaVersion: z.literal(0),
	position: lngLatSchema,
	method: captureMethodSchema,
	/** The GPS reading; null only when the point was placed on the map. */
	gps: gpsReadingSchema.nullable(),
	objectType: objectTypeSchema,
	/** Name of a shop, office, school… ; null for most houses. */
	name: label(120).nullable(),
	houseNumber: houseNumberSchema.nullable(),
	street: label(100).nullable(),
	householdId: docIdSchema.nullable(),
	/** SHA-256 (hex) of the photo of the front, stored by the photo pipeline. */
	photoHash: z
		.string()
		.regex(/^[0-9a-f]{64}$/, 'address.photoHash')
		.nullable(),
	officialCode: officialCodeSchema.nullable(),
	/** 11-digit Plus Code of `position`, kept in step with it. */
	plusCode: plusCodeSchema,
	capturedAt: isoDateTimeSchema,
	capturedBy: usernameSchema,
	/** Name of the earlier survey a point was imported from; null when captured here. */
	importedFrom: label(120).nullable(),
	confirmed: z.array(confirmableSchema).max(2),
	/** Consent of the household for the digital-address purpose; needed while `householdId` is set. */
	consent: consentSchema.nullable(),
	/** The member who gave it, when their resident record exists. */
	consentResidentId: docIdSchema.nullable()
};

export const addressPointSchema = z.looseObject(addressPointShape).superRefine((p, ctx) => {
	refuseUnknownFields(p, addressPointShape, ctx);
	const issue = (path: string, message: string) =>
		ctx.addIssue({ code: 'custom', path: [path], message });
	if (p.plusCode !== encodePlusCode(p.position.lat, p.position.lng, PLUS_CODE_LENGTH)) {
		issue('plusCode', 'address.plusCodeMismatch');
	}
	if ((p.method === 'map_placed') !== (p.gps === null)) issue('gps', 'address.gpsReading');
	if (p.gps && (p.method === 'gps_averaged' || p.method === 'gps_single')) {
		if (p.gps.position.lat !== p.position.lat || p.gps.position.lng !== p.position.lng) {
			issue('gps', 'address.gpsPosition');
		}
		if ((p.method === 'gps_single') !== (p.gps.samples === 1)) issue('gps', 'address.gpsSamples');
	}
	if (p.consent && p.consent.purpose !== 'address') issue('consent', 'address.consentPurpose');
	if (p.householdId !== null && !hasActiveConsent(p.consent ? [p.consent] : [], 'address')) {
		issue('householdId', 'address.consentRequired');
	}
	if (new Set(p.confirmed).size !== p.confirmed.length)
		issue('confirmed', 'address.confirmedTwice');
});
export type AddressPoint = z.infer<z.ZodObject<typeof addressPointShape>>;

export const addressPointCollection: CollectionSpec<typeof addressPointSchema> = {
	name: 'addresses',
	version: 0,
	schema: addressPointSchema,
	olderSchemas: {},
	migrations: {},
	// Positions stay clear: the map and the near-duplicate index read every point of the hamlet.
	encrypted: ['consent', 'consentResidentId'],
	indexes: ['updatedAt'],
	access: 'hamlet',
	writers: ['volunteer', 'official']
};

/**
 * Withdraws the household's consent and unlinks the household, so the point
 * is no longer personal data; the point itself stays, as any house would.
 */
export function withdrawAddressConsent(
	point: AddressPoint,
	by: { at: string; username: string }
): AddressPoint {
	if (!point.consent || point.consent.withdrawnAt) return point;
	return {
		...point,
		consent: { ...point.consent, withdrawnAt: by.at, withdrawnBy: by.username },
		householdId: null,
		consentResidentId: null
	};
}

/** Sets the final position (and its Plus Code); moving a GPS reading turns it into `gps_moved`. */
export function placePoint<
	P extends Pick<AddressPoint, 'position' | 'plusCode' | 'method' | 'gps'>
>(point: P, position: LngLat): P {
	const method: CaptureMethod = point.gps === null ? 'map_placed' : 'gps_moved';
	return {
		...point,
		position,
		plusCode: encodePlusCode(position.lat, position.lng, PLUS_CODE_LENGTH),
		method
	};
}

/** Takes a GPS reading as the position, replacing any earlier one. */
export function useGpsReading<
	P extends Pick<AddressPoint, 'position' | 'plusCode' | 'method' | 'gps'>
>(point: P, reading: GpsReading): P {
	return {
		...point,
		position: reading.position,
		plusCode: encodePlusCode(reading.position.lat, reading.position.lng, PLUS_CODE_LENGTH),
		method: reading.samples === 1 ? 'gps_single' : 'gps_averaged',
		gps: reading
	};
}
