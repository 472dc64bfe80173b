import {
	cccdBirthDigits,
	formatIssues,
	validateRecord,
	type Sex
} from '../../../src/lib/domain/index.ts';

/** Deterministic demo households and residents, so the app looks alive on a fresh DEMO server. */

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = { male: ['Văn', 'Hữu', 'Minh', 'Quốc'], female: ['Thị', 'Ngọc', 'Thanh', 'Kim'] };
const GIVEN = {
	male: ['Hùng', 'Dũng', 'Phúc', 'Tài', 'Lộc', 'Sơn', 'Tuấn', 'Khang'],
	female: ['Lan', 'Hoa', 'Mai', 'Hạnh', 'Thảo', 'Yến', 'Nhung', 'Trang']
};
const STREETS = ['Đường tỉnh 782', 'Hẻm 3', 'Tổ 5', 'Đường Bến Chò', null];

export interface DemoVolunteer {
	username: string;
	commune: string;
	hamlet: string;
}

type Rec = Record<string, unknown> & { _id: string };

const day = (d: Date, offset: number) =>
	new Date(d.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** A CCCD that agrees with birth year and sex, registered in Tây Ninh (072). */
function demoCccd(dob: string, sex: Sex, k: number): string {
	return `072${cccdBirthDigits(Number(dob.slice(0, 4)), sex)}${String(100_000 + k * 7_919).slice(-6)}`;
}

/** A spread of visit outcomes, so the hamlet overview and the dashboard have something to show. */
function demoAccountHelp(k: number, now: Date, at: string): Record<string, unknown> | null {
	const ready = {
		chipIdCard: true,
		smartphoneWithNfc: true,
		simInOwnName: true,
		hasEmail: k % 3 === 0
	};
	switch (k % 6) {
		case 0:
		case 1:
			return {
				prerequisites: ready,
				outcome: { kind: 'level1_activated', on: day(now, -(k % 40)) },
				followUpDate: null,
				updatedAt: at
			};
		case 2:
			return {
				prerequisites: ready,
				outcome: { kind: 'already_active', level: 2 },
				followUpDate: null,
				updatedAt: at
			};
		case 3:
			return {
				prerequisites: { ...ready, simInOwnName: false },
				outcome: { kind: 'blocked', reason: 'sim_not_own_name' },
				followUpDate: day(now, (k % 9) - 4),
				updatedAt: at
			};
		case 4:
			return {
				prerequisites: { ...ready, smartphoneWithNfc: false },
				outcome: { kind: 'level2_appointment', appointmentDate: day(now, 3 + (k % 5)) },
				followUpDate: day(now, 5 + (k % 5)),
				updatedAt: at
			};
		default:
			return null;
	}
}

export function demoRecords(
	volunteers: DemoVolunteer[],
	now: Date
): { households: Rec[]; residents: Rec[] } {
	const households: Rec[] = [];
	const residents: Rec[] = [];
	let n = 0;
	for (const v of volunteers) {
		for (let h = 1; h <= 6; h++) {
			n++;
			const at = new Date(now.getTime() - n * 5 * 3600_000).toISOString();
			const envelope = {
				commune: v.commune,
				hamlet: v.hamlet,
				createdAt: at,
				updatedAt: at,
				createdBy: v.username,
				updatedBy: v.username
			};
			const hhId = `hh-demo-${v.hamlet}-${h}`;
			const family = FAMILY[(n * 7) % FAMILY.length];
			const members = 2 + (n % 3);
			const headId = `r-demo-${v.hamlet}-${h}-1`;
			households.push({
				_id: hhId,
				schemaVersion: 0,
				...envelope,
				houseNumber: h % 4 === 0 ? null : `${10 + n * 3}${h % 3 === 0 ? '/2' : ''}`,
				street: STREETS[n % STREETS.length],
				headResidentId: headId,
				addressPointId: null,
				notes: '',
				...(h % 3 === 0
					? {
							review: {
								status: 'submitted',
								notes: [],
								history: [{ action: 'submit', by: v.username, at }]
							}
						}
					: {})
			});
			for (let m = 1; m <= members; m++) {
				const sex: Sex = (n + m) % 2 === 0 ? 'male' : 'female';
				const adult = m <= 2;
				const year = adult ? 1958 + ((n * 5 + m * 11) % 40) : 2012 + ((n + m) % 10);
				const dob = `${year}-${String(1 + ((n + m) % 12)).padStart(2, '0')}-${String(1 + ((n * m) % 27)).padStart(2, '0')}`;
				const name = `${m === 1 || sex === 'male' ? family : FAMILY[(n + m) % FAMILY.length]} ${MIDDLE[sex][(n + m) % 4]} ${GIVEN[sex][(n * 3 + m) % 8]}`;
				const consent = {
					purpose: 'eservice',
					noticeVersion: '2026-01',
					givenAt: at,
					takenBy: v.username,
					method: 'ticked',
					...(adult ? {} : { representativeName: `${family} Văn Hùng` })
				};
				residents.push({
					_id: m === 1 ? headId : `r-demo-${v.hamlet}-${h}-${m}`,
					schemaVersion: 2,
					...envelope,
					householdId: hhId,
					fullName: name,
					dateOfBirth: dob,
					sex,
					ethnicityCode: null,
					idNumber: adult ? demoCccd(dob, sex, n * 10 + m) : null,
					cccdMismatchConfirmed: false,
					legacyIdNumber: null,
					phone: adult ? `+8491${String(1_000_000 + n * 7919 + m * 104_729).slice(-7)}` : null,
					relationship: m === 1 ? 'head' : m === 2 ? 'spouse' : 'child',
					notes: '',
					consents: [consent],
					accountHelp: adult ? demoAccountHelp(n * 10 + m, now, at) : null,
					residency: { status: 'present' }
				});
			}
		}
	}
	return { households, residents };
}

/** Keeps the records the current schemas accept; the others are reported, not fatal. */
export function validDemoRecords(
	collection: string,
	records: Rec[],
	warn: (line: string) => void
): Rec[] {
	return records.filter((r) => {
		const v = validateRecord(collection, { ...r, id: r._id });
		if (!v.ok) warn(`demo ${collection} ${r._id} skipped: ${formatIssues(v.issues, 'en')}`);
		return v.ok;
	});
}
