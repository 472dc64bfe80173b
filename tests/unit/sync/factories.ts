import type { Resident } from '$lib/domain/resident';
import type { ResidentV0 } from '$lib/domain/resident-v0';
import type { CollectionSpec } from '$lib/domain/collections';
import { householdCollection, type Household } from '$lib/domain/household';
import { residentCollection } from '$lib/domain/resident';
import type { SpecMap } from '$lib/db';

/** Data that must never appear in plaintext in storage; tests search raw bytes for it. */
export const SECRET_ID = '072085123456';
export const SECRET_PHONE = '+84912345678';

/** Residents and households only: a phone with two collections, under RxDB's open-collection cap. */
export const twoCollections: SpecMap = {
	residents: residentCollection as unknown as CollectionSpec,
	households: householdCollection as unknown as CollectionSpec
};

const NOW = '2026-11-20T08:00:00.000+07:00';

export function household(overrides: Partial<Household> = {}): Household {
	return {
		id: 'hh-001',
		schemaVersion: 0,
		commune: '25657',
		hamlet: 'ap-ben-cho',
		createdAt: NOW,
		updatedAt: NOW,
		createdBy: 'tnv.lan',
		updatedBy: 'tnv.lan',
		houseNumber: '12/3A',
		street: 'Hẻm 5',
		headResidentId: null,
		addressPointId: null,
		notes: '',
		...overrides
	};
}

export function resident(overrides: Partial<Resident> = {}): Resident {
	return {
		id: 'res-001',
		schemaVersion: 2,
		commune: '25657',
		hamlet: 'ap-ben-cho',
		createdAt: NOW,
		updatedAt: NOW,
		createdBy: 'tnv.lan',
		updatedBy: 'tnv.lan',
		householdId: 'hh-001',
		fullName: 'Nguyễn Văn Bình',
		dateOfBirth: '1985-03-04',
		sex: 'male',
		ethnicityCode: null,
		idNumber: SECRET_ID,
		cccdMismatchConfirmed: false,
		legacyIdNumber: null,
		phone: SECRET_PHONE,
		relationship: 'head',
		notes: '',
		consents: [
			{
				purpose: 'eservice',
				noticeVersion: 'v1',
				method: 'ticked',
				givenAt: NOW,
				takenBy: 'tnv.lan'
			}
		],
		accountHelp: null,
		residency: { status: 'present' },
		...overrides
	};
}

/** A record as the 2025 pilot app stored it. */
export function residentV0(overrides: Partial<ResidentV0> = {}): ResidentV0 {
	return {
		id: 'res-v0-001',
		schemaVersion: 0,
		commune: '25657',
		hamlet: 'ap-ben-cho',
		createdAt: '2025-06-01T08:00:00.000+07:00',
		updatedAt: '2025-06-01T08:00:00.000+07:00',
		createdBy: 'tnv.lan',
		updatedBy: 'tnv.lan',
		householdId: 'hh-001',
		familyName: 'Trần',
		middleName: 'Thị',
		givenName: 'Hoa',
		birthDate: '4/3/1985',
		gender: 'nu',
		ethnicity: 'Kinh',
		cccd: '072 185 123 456',
		phone: '0912 345 678',
		relationship: 'Vợ',
		note: 'Nhà gần chợ',
		consentAt: '2025-06-01T08:00:00.000+07:00',
		consentBy: 'tnv.lan',
		accountStatus: 'none',
		accountNote: '',
		...overrides
	};
}
