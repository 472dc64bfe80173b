import { household, resident, LAN as LAN_AUTHOR } from '../integration/helpers/docs.ts';
import { DEMO_PASSWORD } from '../factories/users.ts';
import { expect, test } from './support/test';
import { expectAccessible, HAI, signedIn, unlock } from './support/pages';

// A resident restricts processing for one purpose at the commune office: the consent is
// withdrawn, the data only that purpose needed is cleared on the server, the rest is kept.

const seed = 960_000 + (Date.now() % 10_000);

test('an official stops processing for one purpose at a resident’s request', async ({
	browser,
	request,
	baseURL
}) => {
	test.setTimeout(120_000);
	const login = await request.post('/api/session', {
		data: { username: LAN_AUTHOR.username, password: DEMO_PASSWORD }
	});
	const token = ((await login.json()) as { token: string }).token;
	const hh = household(LAN_AUTHOR, seed);
	let r = resident(LAN_AUTHOR, seed, { householdId: hh._id });
	for (
		let s = 1;
		!(r.consents as { purpose: string }[]).some((c) => c.purpose === 'eservice');
		s++
	) {
		r = resident(LAN_AUTHOR, seed + s * 3, { householdId: hh._id });
	}
	for (const [db, doc] of [
		['households', hh],
		['residents', r]
	] as const) {
		const res = await request.post(`/db/c25657_${db}/_bulk_docs`, {
			headers: { authorization: `Bearer ${token}` },
			data: { docs: [doc] }
		});
		expect(((await res.json()) as { ok?: boolean }[])[0].ok).toBe(true);
	}

	const hai = await signedIn(browser, HAI);
	await hai.goto(`${baseURL}/review/${r._id}`);
	await unlock(hai);
	const panel = hai.getByTestId('restrict-processing');
	await expect(panel).toContainText('Hạn chế xử lý theo mục đích');
	await panel
		.getByRole('button', {
			name: 'Ngừng xử lý cho mục đích: Hỗ trợ tài khoản dịch vụ công (VNeID)'
		})
		.click();
	const ask = hai.getByRole('dialog', {
		name: 'Ngừng xử lý cho mục đích: Hỗ trợ tài khoản dịch vụ công (VNeID)?'
	});
	await expect(ask).toContainText('Sẽ dừng:');
	await expectAccessible(hai);
	await ask
		.getByLabel('Người dân yêu cầu (ghi ngắn gọn, không bắt buộc)')
		.fill('Phản đối qua điện thoại');
	await ask.getByRole('button', { name: 'Ngừng xử lý' }).click();
	await expect(panel.getByRole('status')).toHaveText(
		'Đã ngừng xử lý cho mục đích: Hỗ trợ tài khoản dịch vụ công (VNeID).'
	);
	await expect(panel.getByTestId('restrict-eservice')).toContainText('Đã rút lại đồng ý ngày');

	// The office device sends it: on the server the consent is withdrawn by the official.
	await expect
		.poll(
			async () => {
				const res = await request.get(`/db/c25657_residents/${r._id}`, {
					headers: { authorization: `Bearer ${token}` }
				});
				const doc = (await res.json()) as {
					consents?: {
						purpose: string;
						withdrawnAt?: string;
						withdrawnBy?: string;
						withdrawnReason?: string;
					}[];
					accountHelp?: unknown;
				};
				const c = doc.consents?.find((x) => x.purpose === 'eservice' && x.withdrawnAt);
				return c ? [c.withdrawnBy, c.withdrawnReason, doc.accountHelp ?? null] : null;
			},
			{ timeout: 45_000 }
		)
		.toEqual([HAI, 'Phản đối qua điện thoại', null]);
});
