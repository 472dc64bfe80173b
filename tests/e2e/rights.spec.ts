import { type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { household, resident, LAN as LAN_AUTHOR } from '../integration/helpers/docs.ts';
import { DEMO_PASSWORD } from '../factories/users.ts';
import { expect, test } from './support/test';
import {
	expectAccessible,
	HAI,
	LAN,
	openHomeLink,
	signedIn,
	unlock,
	waitSynced
} from './support/pages';

// A resident's data rights at the commune office: the export holds exactly their records, and an
// erasure reaches a volunteer's phone that was offline while it happened.

const seed = 700_000 + (Date.now() % 100_000);
const hh = household(LAN_AUTHOR, seed);
const subject = resident(LAN_AUTHOR, seed, { householdId: hh._id });
const other = resident(LAN_AUTHOR, seed + 1);

/** The Residents tab has the search. */
async function search(page: Page, name: string) {
	await page
		.getByRole('navigation', { name: 'Điều hướng chính' })
		.getByRole('link', { name: 'Cư dân' })
		.click();
	await page.getByRole('searchbox', { name: 'Tìm cư dân' }).fill(name);
}

test('an official exports one resident’s data, then erases it; the offline phone drops it', async ({
	browser,
	request,
	baseURL
}) => {
	test.setTimeout(180_000);
	// The volunteer's records reach the server as her phone would send them.
	const login = await request.post('/api/session', {
		data: { username: LAN, password: DEMO_PASSWORD }
	});
	const token = ((await login.json()) as { token: string }).token;
	for (const [db, docs] of [
		['households', [hh]],
		['residents', [subject, other]]
	] as const) {
		const res = await request.post(`/db/c25657_${db}/_bulk_docs`, {
			headers: { authorization: `Bearer ${token}` },
			data: { docs }
		});
		expect(res.status()).toBe(201);
	}

	const lan = await signedIn(browser, LAN);
	await search(lan, String(subject.fullName));
	await expect(lan.getByTestId('search-results')).toContainText(String(subject.fullName));

	const hai = await signedIn(browser, HAI);
	await hai.goto(`${baseURL}/review/${subject._id}`);
	await unlock(hai);
	const rights = hai.getByTestId('resident-rights');
	await expect(rights).toBeVisible();
	await expectAccessible(hai);

	// The access export: the resident's own record, nobody else's.
	const download = hai.waitForEvent('download');
	await rights.getByTestId('rights-export').click();
	const file = await (await download).path();
	const data = JSON.parse(await readFile(file, 'utf8')) as {
		resident: { id: string; fullName: string };
	};
	expect(data.resident).toMatchObject({ id: subject._id, fullName: subject.fullName });
	expect(JSON.stringify(data)).not.toContain(String(other.fullName));
	await expect(hai.getByTestId('rights-done')).toContainText('Đã tải');
	// The readable page beside it, in Vietnamese, with the ID number masked.
	const summary = hai.getByTestId('rights-summary');
	await expect(summary).toContainText(String(subject.fullName));
	await expect(summary).not.toContainText(String(subject.idNumber));
	await expectAccessible(hai);

	// The resident asks for erasure; the request is logged with its deadline.
	await rights.getByLabel('Loại yêu cầu').selectOption('erase');
	await rights.getByLabel('Ghi chú (ai yêu cầu, bằng cách nào)').fill('Tự đến trụ sở xã');
	await rights.getByTestId('rights-log').click();
	await expect(hai.getByTestId('rights-done')).toContainText('Hạn trả lời');

	// The volunteer's phone goes offline before the erasure.
	await lan.context().setOffline(true);

	await rights.getByTestId('rights-erase-open').click();
	const form = hai.getByTestId('rights-erase-form');
	await form.getByLabel('Lý do xóa (được lưu vào nhật ký)').fill('ngắn');
	await form.getByTestId('rights-confirm').check();
	await form.getByTestId('rights-erase').click();
	// Too short a reason: said where, nothing erased, the typed text kept.
	await expect(form.getByText('Lý do cần ít nhất 10 ký tự.')).toBeVisible();
	await expect(form.getByLabel('Lý do xóa (được lưu vào nhật ký)')).toHaveValue('ngắn');
	await expectAccessible(hai);
	await form
		.getByLabel('Lý do xóa (được lưu vào nhật ký)')
		.fill('Người dân yêu cầu xóa tại trụ sở');
	await form.getByTestId('rights-erase').click();
	await expect(hai.getByTestId('rights-done')).toContainText('Đã xóa hồ sơ cư dân');

	// The request list shows it answered.
	await openHomeLink(hai, 'Bảng số liệu của xã');
	await hai.getByTestId('rights-link').click();
	await expect(
		hai.getByRole('heading', { level: 1, name: 'Yêu cầu về dữ liệu cá nhân' })
	).toBeVisible();
	const row = hai.getByTestId('rights-requests').locator('li', { hasText: subject._id });
	await expect(row.getByTestId('rights-closed')).toContainText('Đã trả lời');
	await expectAccessible(hai);
	await hai.setViewportSize({ width: 1280, height: 800 });
	await expectAccessible(hai);

	// Back online, the phone syncs and the resident is gone from it; the other one stays.
	await lan.context().setOffline(false);
	await waitSynced(lan);
	await search(lan, String(subject.fullName));
	await expect(lan.getByTestId('search-results')).not.toContainText(String(subject.fullName));
	await search(lan, String(other.fullName));
	await expect(lan.getByTestId('search-results')).toContainText(String(other.fullName));
});
