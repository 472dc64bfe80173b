import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	PHOTO_MAX_BYTES,
	photosDbName,
	type DossierStatus,
	type HistoryEntry
} from '../../../src/lib/domain/dossier/index.ts';
import { NOTICE_VERSION } from '../../../src/lib/domain/index.ts';
import type { Storage } from '../storage/index.ts';
import { photoDoc } from '../services/photos.ts';

/**
 * A few dossiers of the demo commune in different states, with document photos on the server,
 * so the office's queue, filters and KPIs have something to show. Marital-status certificates:
 * their form is short, and no e2e test files one.
 */

const PAPERS = fileURLToPath(new URL('./papers/', import.meta.url));
const PHOTOS = ['giay-xac-nhan', 'to-khai', 'ban-sao'].map((name) => {
	const data = readFileSync(`${PAPERS}${name}.jpg`);
	if (data.length > PHOTO_MAX_BYTES) throw new Error(`seed photo ${name} too large`);
	return { data, hash: createHash('sha256').update(new Uint8Array(data)).digest('hex') };
});

type Rec = Record<string, unknown> & { _id: string };
export interface DemoVolunteerSeed {
	username: string;
	commune: string;
	hamlet: string;
}
export interface DemoApplicant {
	id: string;
	householdId: string;
	fullName: string;
	dateOfBirth: string;
	idNumber: string;
}

const OFFICIAL = 'cb.tranvanhai';
const STEPS: { status: DossierStatus; daysAgo: number }[] = [
	{ status: 'ready', daysAgo: 1 },
	{ status: 'filed_online', daysAgo: 2 },
	{ status: 'more_requested', daysAgo: 6 },
	{ status: 'result_ready', daysAgo: 9 },
	{ status: 'handed_over', daysAgo: 14 }
];

function history(status: DossierStatus, by: string, t: (h: number) => string): HistoryEntry[] {
	const h: HistoryEntry[] = [{ from: 'draft', to: 'ready', by, role: 'volunteer', at: t(0) }];
	if (status === 'ready') return h;
	const online = status !== 'more_requested';
	h.push({
		from: 'ready',
		to: online ? 'filed_online' : 'filed_in_person',
		by,
		role: 'volunteer',
		at: t(1),
		receivedAt: t(1)
	});
	if (status === 'more_requested') {
		h.push({
			from: 'filed_in_person',
			to: 'more_requested',
			by: OFFICIAL,
			role: 'official',
			at: t(30),
			note: 'Bổ sung bản sao giấy xác nhận của nơi cư trú trước'
		});
	}
	if (status === 'result_ready' || status === 'handed_over') {
		h.push({ from: 'filed_online', to: 'result_ready', by: OFFICIAL, role: 'official', at: t(48) });
	}
	if (status === 'handed_over') {
		h.push({ from: 'result_ready', to: 'handed_over', by, role: 'volunteer', at: t(72) });
	}
	return h;
}

export function demoDossiers(
	volunteers: readonly DemoVolunteerSeed[],
	applicants: (v: DemoVolunteerSeed) => DemoApplicant[],
	now: Date
): { dossiers: Rec[]; photos: { commune: string; doc: Rec }[] } {
	const dossiers: Rec[] = [];
	const photos: { commune: string; doc: Rec }[] = [];
	for (const v of volunteers.filter((x) => x.commune === '25657')) {
		const people = applicants(v);
		STEPS.forEach((step, i) => {
			const who = people[i % people.length];
			if (!who) return;
			const start = now.getTime() - step.daysAgo * 86_400_000;
			const t = (hours: number) =>
				new Date(Math.min(now.getTime() - 60_000, start + hours * 3_600_000)).toISOString();
			const id = `ds-demo-${v.hamlet}-${i + 1}`;
			const shot = step.status !== 'ready';
			const picked = shot ? [PHOTOS[i % 3], PHOTOS[(i + 1) % 3]] : [];
			const hist = history(step.status, v.username, t);
			const last = hist[hist.length - 1].at;
			dossiers.push({
				_id: id,
				schemaVersion: 0,
				commune: v.commune,
				hamlet: v.hamlet,
				createdAt: t(0),
				updatedAt: last,
				createdBy: v.username,
				updatedBy: hist[hist.length - 1].by,
				procedure: { code: 'marital-status', catalogueVersion: 1 },
				residentIds: [who.id],
				householdId: who.householdId,
				answers: {
					applicant: {
						resident: who.id,
						fullName: who.fullName,
						dateOfBirth: who.dateOfBirth,
						idNumber: who.idNumber
					},
					history: 'never',
					purpose: 'marriage'
				},
				documents: [
					{
						id: 'divorceProof',
						state: shot ? 'photographed' : 'not_needed',
						certifiedCopy: false,
						photos: picked.map((p) => ({
							hash: p.hash,
							bytes: p.data.length,
							width: 900,
							height: 1200,
							takenAt: t(0)
						}))
					},
					{ id: 'applicantId', state: 'shown', certifiedCopy: false, photos: [] }
				],
				status: step.status,
				history: hist,
				notes: [],
				dossierCode:
					step.status === 'ready'
						? null
						: `000.00.31.H56-${t(1).slice(2, 10).replaceAll('-', '')}-00${i + 1}`,
				agencyDueDate: null,
				fee: { amountVnd: null, status: 'unpaid' },
				satisfaction:
					step.status === 'handed_over'
						? {
								at: last,
								takenBy: v.username,
								overall: 5,
								criteria: { time: 5, visits: 4, attitude: 5, guidance: 5, fees: 5 }
							}
						: null,
				consent: {
					purpose: 'dossier',
					noticeVersion: NOTICE_VERSION,
					givenAt: t(0),
					takenBy: v.username,
					method: 'ticked'
				},
				superseded: []
			});
			for (const p of picked) {
				photos.push({
					commune: v.commune,
					doc: photoDoc({ kind: 'dossier', id }, p.hash, p.data, v.username, t(1)) as Rec
				});
			}
		});
	}
	return { dossiers, photos };
}

export async function storeDemoPhotos(
	storage: Storage,
	photos: readonly { commune: string; doc: Rec }[]
) {
	for (const { commune, doc } of photos) {
		await storage.db(photosDbName(commune)).bulkDocs([doc], true);
	}
}
