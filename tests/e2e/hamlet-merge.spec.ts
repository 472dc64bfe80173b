import { type Page } from '@playwright/test';
import { household, resident, LAN as LAN_AUTHOR } from '../integration/helpers/docs.ts';
import { DEMO_PASSWORD } from '../factories/users.ts';
import { expect, test } from './support/test';
import { expectAccessible, HAI, openHomeLink, signedIn, visit, waitSynced } from './support/pages';

// The official merges a hamlet into another while its volunteer's phone is offline with a new
// record on it; when the phone comes back, everything is in the other hamlet and nothing is lost.

const n = String(Date.now() % 1_000_000).padStart(6, '0');
const FROM = `ap-gop-${n}`;
const FROM_NAME = `Ấp Gộp ${n}`;
const VOLUNTEER = `tnv.gop${n}`;

async function search(page: Page, name: string) {
	await page
		.getByRole('navigation', { name: 'Điều hướng chính' })
		.getByRole('link', { name: 'Cư dân' })
		.click();
	await page.getByRole('searchbox', { name: 'Tìm cư dân' }).fill(name);
}

test('an official merges a hamlet; the offline phone’s new record arrives in the other hamlet', async ({
	browser,
	request
}) => {
	test.setTimeout(240_000);
	const official = await request.post('/api/session', {
		data: { username: HAI, password: DEMO_PASSWORD }
	});
	const auth = { authorization: `Bearer ${((await official.json()) as { token: string }).token}` };
	const api = (path: string, data: unknown) =>
		request.post(`/api/communes/25657${path}`, { headers: auth, data });
	expect((await api('/hamlets', { id: FROM, name: FROM_NAME })).status()).toBe(201);
	const made = await api('/users', {
		username: VOLUNTEER,
		displayName: 'Tình nguyện viên Gộp',
		role: 'volunteer',
		hamlets: [FROM]
	});
	expect(made.status()).toBe(201);
	const password = ((await made.json()) as { password: string }).password;

	// One household already on the server, sent as her phone would.
	const author = { username: VOLUNTEER, commune: '25657', hamlet: FROM };
	const session = await request.post('/api/session', { data: { username: VOLUNTEER, password } });
	const token = ((await session.json()) as { token: string }).token;
	const hh = household(author, 900_000 + Number(n));
	// No account help under way: these records stay out of other tests' reminder lists.
	let before = resident(author, 900_000 + Number(n), { householdId: hh._id, accountHelp: null });
	for (let s = 1; (before.consents as unknown[]).length === 0; s++) {
		before = resident(author, 900_000 + Number(n) + s * 7, {
			householdId: hh._id,
			accountHelp: null
		});
	}
	for (const [db, doc] of [
		['households', hh],
		['residents', before]
	] as const) {
		const res = await request.post(`/db/c25657_${db}/_bulk_docs`, {
			headers: { authorization: `Bearer ${token}` },
			data: { docs: [doc] }
		});
		expect(((await res.json()) as { ok?: boolean }[])[0].ok).toBe(true);
	}

	// A resident of Ấp Bến Chò, which her phone does not hold until the merge.
	const lanLogin = await request.post('/api/session', {
		data: { username: LAN_AUTHOR.username, password: DEMO_PASSWORD }
	});
	const lanToken = ((await lanLogin.json()) as { token: string }).token;
	const home = household(LAN_AUTHOR, 910_000 + Number(n));
	let neighbour = resident(LAN_AUTHOR, 910_000 + Number(n), {
		householdId: home._id,
		accountHelp: null
	});
	for (let s = 1; (neighbour.consents as unknown[]).length === 0; s++) {
		neighbour = resident(LAN_AUTHOR, 910_000 + Number(n) + s * 7, {
			householdId: home._id,
			accountHelp: null
		});
	}
	for (const [db, doc] of [
		['households', home],
		['residents', neighbour]
	] as const) {
		const sent = await request.post(`/db/c25657_${db}/_bulk_docs`, {
			headers: { authorization: `Bearer ${lanToken}` },
			data: { docs: [doc] }
		});
		expect(((await sent.json()) as { ok?: boolean }[])[0].ok).toBe(true);
	}

	// Signed in, her phone syncs her hamlet only.
	const phone = await signedIn(browser, VOLUNTEER, password);
	await search(phone, String(before.fullName));
	await expect(phone.getByTestId('search-results')).toContainText(String(before.fullName));
	await search(phone, String(neighbour.fullName));
	await expect(phone.getByText('Không tìm thấy cư dân nào.')).toBeVisible();

	// Offline, she records a new household.
	await phone.context().setOffline(true);
	const v = visit(phone);
	await v.start('12', 'Đường Tỉnh 786');
	await v.addMember('Lê Thị Gộp');
	await v.next();
	await v.consentEservice();
	await v.next();
	await v.details({ dob: '1988-03-09', sex: 'Nữ', cccd: `072188${n}`, phone: '' });
	await v.saveDetails();

	// The official merges her hamlet into Ấp Bến Chò, preview first.
	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Bảng số liệu của xã');
	await hai.getByTestId('hamlets-link').click();
	const row = hai.getByTestId(`hamlet-${FROM}`);
	await row.getByRole('button', { name: 'Gộp vào ấp khác' }).click();
	const form = hai.getByTestId(`merge-form-${FROM}`);
	await form.getByRole('button', { name: 'Xem trước' }).click();
	await expect(form.getByRole('alert')).toHaveText('Hãy chọn ấp sẽ nhận hồ sơ của ấp này.');
	await form.getByLabel(`Gộp ${FROM_NAME} vào ấp`).selectOption({ label: 'Ấp Bến Chò' });
	await form.getByRole('button', { name: 'Xem trước' }).click();
	const preview = form.getByTestId('merge-preview');
	await expect(preview).toContainText('Hộ gia đình: 1, Cư dân: 1');
	await expect(preview).toContainText('Tình nguyện viên Gộp');
	await expectAccessible(hai);
	await form.getByRole('button', { name: 'Xác nhận gộp ấp' }).click();
	await expect(row.getByRole('status')).toHaveText(
		`Đã gộp ${FROM_NAME} vào Ấp Bến Chò: chuyển 2 hồ sơ.`
	);
	await expect(row.getByTestId('merged-into')).toHaveText('Đã gộp vào Ấp Bến Chò');

	// Back online, the phone sends what it wrote and gets the merge.
	await phone.context().setOffline(false);
	await waitSynced(phone);
	await phone.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await waitSynced(phone);
	await expect(phone.getByTestId('quarantine')).toHaveCount(0);
	for (const name of [String(before.fullName), 'Lê Thị Gộp', String(neighbour.fullName)]) {
		await search(phone, name);
		await expect(phone.getByTestId('search-results')).toContainText(name);
	}

	// On the server both records now belong to Ấp Bến Chò.
	const all = await request.get('/db/c25657_residents/_all_docs?include_docs=true', {
		headers: auth
	});
	const rows = ((await all.json()) as { rows: { doc: Record<string, unknown> }[] }).rows;
	const mine = rows.map((r) => r.doc).filter((d) => d.createdBy === VOLUNTEER);
	expect(mine.map((d) => d.fullName).sort()).toEqual([before.fullName, 'Lê Thị Gộp'].sort());
	expect(new Set(mine.map((d) => d.hamlet))).toEqual(new Set(['ap-ben-cho']));
});
