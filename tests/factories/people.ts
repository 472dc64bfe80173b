import {
	ageOn,
	cccdBirthDigits,
	type AccountHelp,
	type AccountOutcome,
	type BlockedReason,
	type Consent,
	type ConsentPurpose,
	type Household,
	type Resident,
	type Review,
	type ReviewStatus,
	type Sex
} from '../../src/lib/domain/index.ts';
import { addDays, createRng, type Rng } from './random.ts';
import {
	BIRTH_PROVINCES,
	ETHNICITY_WEIGHTS,
	FAMILY_NAMES,
	GIVEN_NAMES,
	MIDDLE_NAMES,
	MOBILE_PREFIXES,
	STREETS,
	THANH_DUC
} from './vietnam.ts';

/** Day of the generated visits unless told otherwise; fixed so data never depends on the clock. */
export const DEFAULT_AS_OF = '2026-11-20';
export const DEFAULT_VOLUNTEER = 'nguyenthilan';
export const DEFAULT_OFFICIAL = 'cb.tranvanhai';

export type AccountChoice = AccountOutcome['kind'] | 'pending' | 'none' | 'random';

/** Sex and date of birth shape the name and CCCD, and are kept only when a consent allows it. */
export interface MakeResidentOptions extends Omit<Partial<Resident>, 'sex' | 'dateOfBirth'> {
	sex?: Sex;
	dateOfBirth?: string;
	seed?: number;
	/** Share one generator across calls instead of a seed (population builders do). */
	rng?: Rng;
	/** Age in whole years on `asOf`; ignored when `dateOfBirth` is given. */
	age?: number;
	familyName?: string;
	/** Day of the visit, `YYYY-MM-DD`. */
	asOf?: string;
	volunteer?: string;
	/** Purposes the resident consents to; `[]` leaves only the name and relationship. */
	consentTo?: readonly ConsentPurpose[];
	/** Who consents for a child (legal representative). */
	representativeName?: string;
	account?: AccountChoice;
	reviewStatus?: ReviewStatus;
	/** CCCDs already used, so a population never holds the same number twice. */
	usedIdNumbers?: Set<string>;
}

export function visitTime(asOf: string, rng: Rng): string {
	const hh = String(rng.int(7, 17)).padStart(2, '0');
	const mm = String(rng.int(0, 59)).padStart(2, '0');
	return `${asOf}T${hh}:${mm}:00+07:00`;
}

export function makeFullName(rng: Rng, sex: Sex, familyName?: string): string {
	const family = familyName ?? rng.weighted(FAMILY_NAMES);
	const middle = rng.weighted(MIDDLE_NAMES[sex]);
	let given: string = rng.pick(GIVEN_NAMES[sex]);
	if (given === middle) given = rng.pick(GIVEN_NAMES[sex]);
	return `${family} ${middle} ${given}`;
}

export function makeDateOfBirth(rng: Rng, age: number, asOf: string): string {
	// A random day in the year before the last birthday keeps the age exact on `asOf`;
	// adding 0 days turns 29 February of a common year into 1 March.
	const latest = addDays(`${Number(asOf.slice(0, 4)) - age}${asOf.slice(4, 10)}`, 0);
	return addDays(latest, -rng.int(0, 364));
}

/** A CCCD consistent with birth year and sex, unique within `used` when given. */
export function makeCccd(
	rng: Rng,
	person: { birthYear: number; sex: Sex; provinceCode?: string },
	used?: Set<string>
): string {
	const province = person.provinceCode ?? rng.weighted(BIRTH_PROVINCES);
	for (;;) {
		const cccd = province + cccdBirthDigits(person.birthYear, person.sex) + rng.digits(6);
		if (!used?.has(cccd)) {
			used?.add(cccd);
			return cccd;
		}
	}
}

export function makePhone(rng: Rng): string {
	return `+84${rng.pick(MOBILE_PREFIXES)}${rng.digits(7)}`;
}

export function makeConsent(
	rng: Rng,
	purpose: ConsentPurpose,
	at: string,
	by: string,
	representativeName?: string
): Consent {
	const base = {
		purpose,
		noticeVersion: '2026-01',
		givenAt: at,
		takenBy: by,
		...(representativeName ? { representativeName } : {})
	};
	const method = rng.weighted([
		['ticked', 70],
		['signed', 20],
		['verbal_witness', 10]
	] as const);
	if (method === 'signed') return { ...base, method, signature: 'M10 40 C 30 10, 50 70, 90 30' };
	if (method === 'verbal_witness') {
		return { ...base, method, witnessName: makeFullName(rng, rng.chance(0.5) ? 'male' : 'female') };
	}
	return { ...base, method };
}

const BLOCKED_REASONS: readonly (readonly [BlockedReason, number])[] = [
	['no_smartphone', 25],
	['no_chip_card', 20],
	['sim_not_own_name', 20],
	['phone_without_nfc', 15],
	['card_read_failed', 5],
	['face_check_failed', 5],
	['data_mismatch', 5],
	['resident_declined', 3],
	['other', 2]
];

export function makeAccountHelp(
	rng: Rng,
	kind: Exclude<AccountChoice, 'none' | 'random'>,
	asOf: string,
	at: string
): AccountHelp {
	const ready = {
		chipIdCard: true,
		smartphoneWithNfc: true,
		simInOwnName: true,
		hasEmail: rng.chance(0.3)
	};
	switch (kind) {
		case 'level1_activated':
			return {
				prerequisites: ready,
				outcome: { kind, on: addDays(asOf, -rng.int(0, 120)) },
				followUpDate: null,
				updatedAt: at
			};
		case 'level2_appointment': {
			const appointmentDate = addDays(asOf, rng.int(-20, 20));
			const completed = appointmentDate < asOf && rng.chance(0.6);
			return {
				prerequisites: { ...ready, smartphoneWithNfc: false },
				outcome: completed
					? { kind, appointmentDate, completedOn: appointmentDate }
					: { kind, appointmentDate },
				followUpDate: completed ? null : addDays(appointmentDate, 2),
				updatedAt: at
			};
		}
		case 'already_active':
			return {
				prerequisites: ready,
				outcome: { kind, level: rng.chance(0.7) ? 2 : 1 },
				followUpDate: null,
				updatedAt: at
			};
		case 'blocked': {
			const reason = rng.weighted(BLOCKED_REASONS);
			return {
				prerequisites: {
					chipIdCard: reason !== 'no_chip_card',
					smartphoneWithNfc: reason !== 'no_smartphone' && reason !== 'phone_without_nfc',
					simInOwnName: reason !== 'sim_not_own_name',
					hasEmail: rng.chance(0.15)
				},
				outcome:
					reason === 'other'
						? { kind, reason, detail: 'Đi làm ở Bình Dương, chỉ về nhà cuối tuần' }
						: { kind, reason },
				followUpDate: addDays(asOf, rng.int(-10, 30)),
				updatedAt: at
			};
		}
		case 'pending':
			return {
				prerequisites: {
					chipIdCard: true,
					smartphoneWithNfc: null,
					simInOwnName: null,
					hasEmail: null
				},
				outcome: null,
				followUpDate: addDays(asOf, rng.int(-5, 14)),
				updatedAt: at
			};
	}
}

export function makeReview(
	status: ReviewStatus,
	at: string,
	volunteer: string,
	official = DEFAULT_OFFICIAL
): Review | undefined {
	if (status === 'draft') return undefined;
	const submit = { action: 'submit' as const, by: volunteer, at };
	if (status === 'submitted') return { status, notes: [], history: [submit] };
	if (status === 'approved') {
		return { status, notes: [], history: [submit, { action: 'approve', by: official, at }] };
	}
	const note = 'Số điện thoại có vẻ chưa đúng, nhờ kiểm tra lại với người dân';
	return {
		status,
		notes: [{ field: 'phone', text: note, by: official, at }],
		history: [submit, { action: 'return', by: official, at, note }]
	};
}

/**
 * A realistic resident of Xã Thạnh Đức that passes `residentSchema`. Any
 * resident field given in `opts` wins over the generated one.
 */
export function makeResident(opts: MakeResidentOptions = {}): Resident {
	const {
		seed,
		rng: given,
		age: wantedAge,
		familyName,
		asOf = DEFAULT_AS_OF,
		volunteer = DEFAULT_VOLUNTEER,
		consentTo,
		representativeName,
		account = 'random',
		reviewStatus = 'draft',
		usedIdNumbers,
		sex: wantedSex,
		dateOfBirth: wantedDateOfBirth,
		...overrides
	} = opts;
	const rng = given ?? createRng(seed ?? 1);
	const sex: Sex = wantedSex ?? (rng.chance(0.5) ? 'male' : 'female');
	const dateOfBirth = wantedDateOfBirth ?? makeDateOfBirth(rng, wantedAge ?? rng.int(18, 75), asOf);
	const realAge = ageOn(dateOfBirth, asOf);
	const adult = realAge >= 14;
	const at = visitTime(asOf, rng);
	const purposes = consentTo ?? (rng.chance(0.92) ? ['eservice'] : []);
	const consents = purposes.map((p) =>
		makeConsent(
			rng,
			p,
			at,
			volunteer,
			// Under 16 a parent consents; the name is a stand-in when none is given.
			realAge < 16 ? (representativeName ?? 'Nguyễn Văn Hùng') : representativeName
		)
	);
	const personal = purposes.includes('eservice') || purposes.includes('dossier');
	const hasCccd = personal && (adult ? rng.chance(0.96) : rng.chance(0.1));
	const accountKind =
		account === 'random'
			? rng.weighted([
					['level1_activated', 45],
					['level2_appointment', 10],
					['already_active', 12],
					['blocked', 15],
					['pending', 13],
					['none', 5]
				] as const)
			: account;
	const hamlet = overrides.hamlet ?? THANH_DUC.hamlets[0].id;
	const resident: Resident = {
		id: `r-${rng.digits(10)}`,
		schemaVersion: 2,
		commune: THANH_DUC.commune,
		hamlet,
		createdAt: at,
		updatedAt: at,
		createdBy: volunteer,
		updatedBy: volunteer,
		householdId: `hh-${hamlet}-${rng.digits(4)}`,
		fullName: makeFullName(rng, sex, familyName),
		dateOfBirth: personal ? dateOfBirth : null,
		sex: personal ? sex : null,
		ethnicityCode: purposes.includes('dossier') ? rng.weighted(ETHNICITY_WEIGHTS) : null,
		idNumber: hasCccd
			? makeCccd(rng, { birthYear: Number(dateOfBirth.slice(0, 4)), sex }, usedIdNumbers)
			: null,
		cccdMismatchConfirmed: false,
		legacyIdNumber: personal && realAge >= 40 && rng.chance(0.3) ? `29${rng.digits(7)}` : null,
		phone:
			personal && realAge >= 16 && rng.chance(realAge > 75 ? 0.4 : 0.85) ? makePhone(rng) : null,
		relationship: 'head',
		notes: '',
		consents,
		accountHelp:
			accountKind !== 'none' && adult && purposes.includes('eservice')
				? makeAccountHelp(rng, accountKind, asOf, at)
				: null,
		residency: { status: 'present' }
	};
	const review = makeReview(reviewStatus, at, volunteer);
	return { ...resident, ...(review ? { review } : {}), ...overrides };
}

export interface MakeHouseholdOptions extends Partial<Household> {
	seed?: number;
	rng?: Rng;
	asOf?: string;
	volunteer?: string;
}

/** A household at a realistic address of the hamlet; resident fields given in `opts` win. */
export function makeHousehold(opts: MakeHouseholdOptions = {}): Household {
	const {
		seed,
		rng: given,
		asOf = DEFAULT_AS_OF,
		volunteer = DEFAULT_VOLUNTEER,
		...overrides
	} = opts;
	const rng = given ?? createRng(seed ?? 1);
	const at = visitTime(asOf, rng);
	const hamlet = overrides.hamlet ?? THANH_DUC.hamlets[0].id;
	const n = rng.int(1, 240);
	return {
		id: `hh-${hamlet}-${rng.digits(4)}`,
		schemaVersion: 0,
		commune: THANH_DUC.commune,
		hamlet,
		createdAt: at,
		updatedAt: at,
		createdBy: volunteer,
		updatedBy: volunteer,
		houseNumber: rng.weighted([
			[String(n), 70],
			[`${n}/${rng.int(1, 12)}`, 15],
			[null, 15]
		] as const),
		street: rng.chance(0.85) ? rng.pick(STREETS) : null,
		headResidentId: null,
		addressPointId: null,
		notes: '',
		...overrides
	};
}

export interface PopulationOptions {
	commune?: string;
	hamlet: string;
	households: number;
	seed: number;
	asOf?: string;
	volunteer?: string;
	/** Share across calls to keep CCCDs unique over several hamlets. */
	usedIdNumbers?: Set<string>;
}

const REVIEW_MIX: readonly (readonly [ReviewStatus, number])[] = [
	['draft', 30],
	['submitted', 30],
	['returned', 5],
	['approved', 35]
];

/** Households of one hamlet with their members: heads, spouses, children, in-laws, grandchildren. */
export function makeHamletPopulation(opts: PopulationOptions): {
	households: Household[];
	residents: Resident[];
} {
	const rng = createRng(opts.seed);
	const asOf = opts.asOf ?? DEFAULT_AS_OF;
	const volunteer = opts.volunteer ?? DEFAULT_VOLUNTEER;
	const commune = opts.commune ?? THANH_DUC.commune;
	const used = opts.usedIdNumbers ?? new Set<string>();
	const households: Household[] = [];
	const residents: Resident[] = [];
	for (let h = 0; h < opts.households; h++) {
		const householdId = `hh-${opts.hamlet}-${String(h + 1).padStart(4, '0')}`;
		const reviewStatus = rng.weighted(REVIEW_MIX);
		let k = 0;
		const member = (o: MakeResidentOptions): Resident => {
			k += 1;
			return makeResident({
				rng: rng.fork(),
				asOf,
				volunteer,
				usedIdNumbers: used,
				reviewStatus,
				...o,
				id: `${householdId}-${k}`,
				commune,
				hamlet: opts.hamlet,
				householdId
			});
		};
		const headSex: Sex = rng.chance(0.72) ? 'male' : 'female';
		const headAge = rng.weighted([
			[rng.int(24, 39), 30],
			[rng.int(40, 59), 45],
			[rng.int(60, 85), 25]
		] as const);
		const head = member({ relationship: 'head', sex: headSex, age: headAge });
		const members: Resident[] = [head];
		const headFamily = head.fullName.split(' ')[0];
		const other = (s: Sex): Sex => (s === 'male' ? 'female' : 'male');
		let fatherFamily = headFamily;
		let youngestParentAge = headAge;
		if (headAge >= 22 && rng.chance(0.8)) {
			const spouseAge = Math.max(18, headAge + rng.int(-6, 4));
			const spouse = member({ relationship: 'spouse', sex: other(headSex), age: spouseAge });
			members.push(spouse);
			if (headSex === 'female') fatherFamily = spouse.fullName.split(' ')[0];
			youngestParentAge = Math.min(headAge, spouseAge);
		}
		if (headAge <= 60 && rng.chance(0.2)) {
			const parentSex: Sex = rng.chance(0.4) ? 'male' : 'female';
			members.push(
				member({
					relationship: 'parent',
					sex: parentSex,
					age: Math.min(95, headAge + rng.int(22, 32)),
					...(parentSex === 'male' ? { familyName: headFamily } : {})
				})
			);
		}
		const children = rng.weighted([
			[0, 15],
			[1, 25],
			[2, 35],
			[3, 18],
			[4, 7]
		] as const);
		for (let c = 0; c < children; c++) {
			const age = youngestParentAge - rng.int(20, 38);
			if (age < 0) continue;
			const sex: Sex = rng.chance(0.51) ? 'male' : 'female';
			const representativeName = age < 16 ? head.fullName : undefined;
			const child = member({
				relationship: 'child',
				sex,
				age,
				familyName: fatherFamily,
				representativeName
			});
			members.push(child);
			if (age >= 24 && rng.chance(0.25)) {
				const inLaw = member({
					relationship: 'child_in_law',
					sex: other(sex),
					age: age + rng.int(-3, 3)
				});
				members.push(inLaw);
				const grandFamily = sex === 'male' ? fatherFamily : inLaw.fullName.split(' ')[0];
				for (let g = rng.int(1, 2); g > 0; g--) {
					const gAge = rng.int(0, Math.max(0, Math.min(age - 20, 12)));
					members.push(
						member({
							relationship: 'grandchild',
							age: gAge,
							familyName: grandFamily,
							representativeName: child.fullName
						})
					);
				}
			}
		}
		households.push(
			makeHousehold({
				rng: rng.fork(),
				asOf,
				volunteer,
				id: householdId,
				commune,
				hamlet: opts.hamlet,
				headResidentId: head.id,
				createdAt: head.createdAt,
				updatedAt: head.updatedAt,
				...(() => {
					const review = makeReview(reviewStatus, head.createdAt, volunteer);
					return review ? { review } : {};
				})()
			})
		);
		residents.push(...members);
	}
	return { households, residents };
}

/**
 * Several hamlets of a commune with CCCDs unique across them; the benchmark's
 * 20,000 residents are `makeCommunePopulation({ householdsPerHamlet: 860, seed })` sliced to 20,000.
 */
export function makeCommunePopulation(opts: {
	commune?: string;
	hamlets?: readonly string[];
	householdsPerHamlet: number;
	seed: number;
	asOf?: string;
}): { households: Household[]; residents: Resident[] } {
	const used = new Set<string>();
	const hamlets = opts.hamlets ?? THANH_DUC.hamlets.map((h) => h.id);
	const out = { households: [] as Household[], residents: [] as Resident[] };
	hamlets.forEach((hamlet, i) => {
		const p = makeHamletPopulation({
			commune: opts.commune,
			hamlet,
			households: opts.householdsPerHamlet,
			seed: opts.seed * 1000 + i,
			asOf: opts.asOf,
			usedIdNumbers: used
		});
		out.households.push(...p.households);
		out.residents.push(...p.residents);
	});
	return out;
}
