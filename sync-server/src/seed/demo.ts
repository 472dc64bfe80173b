import { readFileSync } from 'node:fs';
import { collections, remoteDbName, type CollectionName } from '../../../src/lib/domain/index.ts';
import { demoDossiers, storeDemoPhotos } from './demo-dossiers.ts';
import { demoCommunePoints } from './demo-points.ts';
import { demoRecords, validDemoRecords } from './demo-records.ts';
import type { Directory } from '../directory/directory.ts';
import { parseUnitCatalogue } from '../directory/units.ts';
import type { Storage } from '../storage/index.ts';

export const UNIT_CATALOGUE = new URL(
	'../../../static-data/vn-units/vn-units-2026-07-25.json',
	import.meta.url
);

export const DEMO_COMMUNE = '25657'; // Xã Thạnh Đức, Tây Ninh
export const DEMO_OTHER_COMMUNE = '25666'; // Xã Truông Mít, Tây Ninh

export const DEMO_HAMLETS = [
	{ id: 'ap-ben-cho', commune: DEMO_COMMUNE, name: 'Ấp Bến Chò' },
	{ id: 'ap-thanh-hoa', commune: DEMO_COMMUNE, name: 'Ấp Thạnh Hòa' },
	{ id: 'ap-thuan-an', commune: DEMO_OTHER_COMMUNE, name: 'Ấp Thuận An' }
];

/** Printed at start; demo passwords only ever exist on a DEMO=1 server. */
export const DEMO_ACCOUNTS = [
	{
		username: 'admin',
		password: 'tramso-admin',
		role: 'admin',
		commune: null,
		hamlets: [],
		displayName: 'Quản trị hệ thống'
	},
	{
		username: 'cb.tranvanhai',
		password: 'tramso-demo',
		role: 'official',
		commune: DEMO_COMMUNE,
		hamlets: [],
		displayName: 'Trần Văn Hải'
	},
	{
		username: 'nguyenthilan',
		password: 'tramso-demo',
		role: 'volunteer',
		commune: DEMO_COMMUNE,
		hamlets: ['ap-ben-cho'],
		displayName: 'Nguyễn Thị Lan'
	},
	{
		username: 'levanhung',
		password: 'tramso-demo',
		role: 'volunteer',
		commune: DEMO_COMMUNE,
		hamlets: ['ap-thanh-hoa'],
		displayName: 'Lê Văn Hùng'
	},
	{
		username: 'phamminhtuan',
		password: 'tramso-demo',
		role: 'volunteer',
		commune: DEMO_OTHER_COMMUNE,
		hamlets: ['ap-thuan-an'],
		displayName: 'Phạm Minh Tuấn'
	}
] as const;

/** Seeds the demo communes, hamlets, accounts and records into an empty directory. */
export async function seedDemo(
	directory: Directory,
	storage: Storage,
	now: () => Date,
	opts: { records: boolean; warn: (line: string) => void }
) {
	if (!(await directory.hasUnits())) {
		await directory.importUnits(
			parseUnitCatalogue(JSON.parse(readFileSync(UNIT_CATALOGUE, 'utf8'))),
			// The national list's date, as its file is named.
			{
				version: /(\d{4}-\d{2}-\d{2})\.json$/.exec(UNIT_CATALOGUE.pathname)?.[1] ?? null,
				by: 'seed'
			}
		);
	}
	for (const code of [DEMO_COMMUNE, DEMO_OTHER_COMMUNE]) await directory.addCommune({ code });
	// A made-up account at a real bank (Vietcombank's BIN), so the demo's fee QR codes draw.
	await directory.setFeeAccount(DEMO_COMMUNE, {
		bin: '970436',
		accountNumber: '0071000123456',
		accountName: 'UBND XA THANH DUC'
	});
	for (const h of DEMO_HAMLETS) await directory.addHamlet({ ...h, validFrom: '2025-07-01' });
	for (const a of DEMO_ACCOUNTS) await directory.addUser({ ...a, hamlets: [...a.hamlets] });
	if (!opts.records) return;
	const at = now();
	const docs = DEMO_ACCOUNTS.filter((a) => a.role === 'volunteer').map((a, i) => {
		const t = new Date(at.getTime() - (i + 1) * 37 * 60_000).toISOString();
		return {
			_id: `hb-demo-${a.username}`,
			schemaVersion: 0,
			commune: a.commune,
			hamlet: a.hamlets[0],
			createdAt: t,
			updatedAt: t,
			createdBy: a.username,
			updatedBy: a.username,
			deviceId: `demo-device-${a.username}`,
			username: a.username,
			appVersion: '0.1.0',
			lastPullAt: t,
			lastPushAt: t,
			pending: {},
			quarantined: 0,
			conflicts: 0,
			storageUsedBytes: 2_400_000 + i * 310_000,
			storageQuotaBytes: 1_000_000_000
		};
	});
	const volunteers = DEMO_ACCOUNTS.filter((a) => a.role === 'volunteer').map((a) => ({
		username: a.username,
		commune: a.commune as string,
		hamlet: a.hamlets[0] as string
	}));
	const { households, residents } = demoRecords(volunteers, at);
	const { dossiers, photos } = demoDossiers(
		volunteers,
		(v) =>
			residents
				.filter((r) => r.hamlet === v.hamlet && typeof r.idNumber === 'string')
				.map((r) => ({
					id: r._id,
					householdId: String(r.householdId),
					fullName: String(r.fullName),
					dateOfBirth: String(r.dateOfBirth),
					idNumber: String(r.idNumber)
				})),
		at
	);
	await storeDemoPhotos(storage, photos);
	const addresses = demoCommunePoints(DEMO_COMMUNE, volunteers, households, at).map(
		({ id, ...p }) => ({ _id: id, ...p })
	);
	const sets = { heartbeats: docs, households, residents, addresses, dossiers } as Record<
		string,
		Record<string, unknown>[]
	>;
	for (const [collection, records] of Object.entries(sets)) {
		if (!(collection in collections)) continue;
		for (const doc of validDemoRecords(collection, records as never, opts.warn)) {
			await storage
				.db(remoteDbName(String(doc.commune), collection as CollectionName))
				.bulkDocs([doc], true);
		}
	}
}
