import { household, LAN as LAN_AUTHOR } from '../integration/helpers/docs.ts';
import { makeResident } from '../factories';
import { DEMO_PASSWORD } from '../factories/users.ts';
import { expect, test } from './support/test';
import { expectAccessible, HAI, openHomeLink, signedIn } from './support/pages';

// The office's queue of what needs a person across the commune: a record with conflicting edits
// from a phone, decided side by side, the decision reaching the server; and a record the server
// refused from a phone, with its reason.

const n = String(Date.now() % 1_000_000).padStart(6, '0');

test('an official decides a conflicting edit side by side and sees what the server refused', async ({
	browser,
	request
}) => {
	test.setTimeout(150_000);
	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Bảng số liệu của xã');
	await hai.getByTestId('attention-link').click();
	await expect(
		hai.getByRole('heading', { level: 1, name: 'Bản ghi cần người xử lý' })
	).toBeVisible();

	// Lan's phone sends a resident whose name two people changed, and a household the server refuses.
	const login = await request.post('/api/session', {
		data: { username: LAN_AUTHOR.username, password: DEMO_PASSWORD }
	});
	const token = ((await login.json()) as { token: string }).token;
	const resident = makeResident({
		seed: 9100 + (Number(n) % 500),
		id: `e2e-queue-${n}`,
		volunteer: LAN_AUTHOR.username,
		hamlet: LAN_AUTHOR.hamlet,
		fullName: 'Trần Văn Hàng Đợi'
	});
	const conflicts = [
		{
			field: 'fullName',
			value: 'Trần Văn Hàng Đợi Mới',
			by: LAN_AUTHOR.username,
			at: resident.updatedAt
		}
	];
	const put = await request.post('/db/c25657_residents/_bulk_docs', {
		headers: { authorization: `Bearer ${token}` },
		data: { docs: [{ ...resident, conflicts, _id: resident.id }] }
	});
	expect(((await put.json()) as { ok?: boolean }[])[0].ok).toBe(true);
	const bad = household(LAN_AUTHOR, 950_000 + Number(n), { houseNumber: '' });
	const refused = await request.post('/db/c25657_households/_bulk_docs', {
		headers: { authorization: `Bearer ${token}` },
		data: { docs: [bad] }
	});
	expect(((await refused.json()) as { error?: string }[])[0].error).toBe('forbidden');

	// The office device pulls the commune: the conflict shows with both values side by side.
	const card = hai.getByTestId(`queue-conflict-${resident.id}`);
	await expect(card).toBeVisible({ timeout: 45_000 });
	await expect(card).toContainText('Cư dân: Trần Văn Hàng Đợi');
	await expect(card.getByTestId('queue-current')).toHaveText('Trần Văn Hàng Đợi');
	await expect(card.getByTestId('queue-other')).toHaveText('Trần Văn Hàng Đợi Mới');
	await expect(card).toContainText('Giá trị của Nguyễn Thị Lan lúc');

	await hai.getByRole('button', { name: 'Tải lại' }).click();
	const refusal = hai.getByTestId(`queue-refusal-${bad._id}`);
	await expect(refusal).toContainText('Hộ gia đình');
	await expect(refusal).toContainText('Từ máy của Nguyễn Thị Lan');
	await expect(refusal).toContainText('houseNumber');

	for (const size of [
		{ width: 360, height: 640 },
		{ width: 1280, height: 800 }
	]) {
		await hai.setViewportSize(size);
		await expectAccessible(hai);
	}

	// The official takes the other value; the server holds the decision, the conflict closed.
	await card.getByRole('button', { name: 'Dùng giá trị khác' }).click();
	await expect(hai.getByRole('main').getByRole('status')).toContainText('Đã quyết định cho');
	await expect(card).toHaveCount(0);
	await expect
		.poll(
			async () => {
				const res = await request.get(`/db/c25657_residents/${resident.id}`, {
					headers: { authorization: `Bearer ${token}` }
				});
				const doc = (await res.json()) as { fullName?: string; conflicts?: unknown[] };
				return [doc.fullName, doc.conflicts?.length ?? 0];
			},
			{ timeout: 45_000 }
		)
		.toEqual(['Trần Văn Hàng Đợi Mới', 0]);
});
