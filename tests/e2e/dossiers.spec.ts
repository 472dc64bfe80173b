import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, test } from './support/test';
import {
	HAI,
	LAN,
	expectAccessible,
	openHomeLink,
	signedIn,
	unlock,
	waitSynced
} from './support/pages';
import { rawIndexedDb } from './support/idb';

/** A camera-like JPEG drawn in the page, as the phone's camera would hand it over. */
async function testJpeg(page: Page, title = 'GIẤY CHỨNG SINH'): Promise<Buffer> {
	const bytes = await page.evaluate(async (title) => {
		const canvas = new OffscreenCanvas(1200, 900);
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#f4f1e8';
		g.fillRect(0, 0, 1200, 900);
		g.fillStyle = '#203040';
		g.font = '64px sans-serif';
		g.fillText(title, 200, 200);
		for (let y = 300; y < 800; y += 60) g.fillRect(120, y, 900, 8);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
		return Array.from(new Uint8Array(await blob.arrayBuffer()));
	}, title);
	return Buffer.from(bytes);
}

const field = (page: Page, path: string) => page.locator(`#f-${path.replaceAll('.', '-')}`);
const CHILD = 'Nguyễn Thị Bé Na';

test('offline birth-bundle dossier → photo, fee → sync → the office returns it with a note → the volunteer fixes and resubmits', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const lan = await signedIn(browser, LAN);
	await lan.context().setOffline(true);

	await lan.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	await lan.getByRole('link', { name: 'Hồ sơ mới' }).click();
	// Typed without Vietnamese marks, the birth bundle is found.
	await lan.getByLabel('Tìm thủ tục (gõ có dấu hoặc không dấu)').fill('lien thong khai sinh');
	await lan.getByRole('radio', { name: /^Liên thông đăng ký khai sinh/ }).check();
	await expectAccessible(lan);
	// Nothing chosen: every missing choice is said at once, next to its field.
	await lan.getByRole('button', { name: 'Tạo hồ sơ' }).click();
	await expect(lan.getByText('Vui lòng chọn hộ gia đình')).toBeVisible();
	await expect(lan.getByText('Cần người dân đồng ý trước khi ghi thông tin hồ sơ')).toBeVisible();
	const household = lan.getByLabel('Hộ gia đình', { exact: true });
	await household.selectOption({ index: 1 });
	const forWhom = lan.getByRole('group', { name: 'Hồ sơ của ai' });
	await forWhom.getByRole('checkbox').first().check();
	const declarantName = (await forWhom.locator('label').first().innerText()).trim();
	await lan.getByLabel('Người dân (hoặc người đại diện) đồng ý').check();
	await lan.getByRole('button', { name: 'Tạo hồ sơ' }).click();
	await expect(
		lan.getByRole('heading', { level: 1, name: /Liên thông đăng ký khai sinh/ })
	).toBeVisible();

	// The declarant picked in the household fills their name from the household record.
	await field(lan, 'declarant.resident').selectOption({ label: declarantName });
	await expect(field(lan, 'declarant.fullName')).toHaveValue(declarantName);
	await field(lan, 'declarant.idNumber').fill('072190001234');
	await field(lan, 'declarant.residence').fill('Số 12, Ấp Bến Chò');
	await field(lan, 'declarant.relationship').selectOption('mother');
	await field(lan, 'child.dateOfBirth').fill(
		new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10)
	);
	await field(lan, 'child.sex').selectOption('female');
	await field(lan, 'child.ethnicity').selectOption({ index: 1 });
	await field(lan, 'child.nationality').selectOption('vn');
	await field(lan, 'child.birthPlaceType').selectOption('facility');
	await field(lan, 'child.placeOfBirth').fill('Trạm y tế xã Thạnh Đức');
	await field(lan, 'child.hometown').fill('Tây Ninh');
	await field(lan, 'fatherInfo.known').selectOption('no');
	await expect(field(lan, 'father.fullName')).toHaveCount(0);

	// Closing the app mid-form loses nothing: the typing comes back from the draft.
	// Past the draft's 400 ms pause, so the typing is written before the reload.
	await lan.waitForTimeout(800);
	await lan.reload();
	await unlock(lan);
	await expect(field(lan, 'child.placeOfBirth')).toHaveValue('Trạm y tế xã Thạnh Đức');
	await expect(lan.getByTestId('draft-restored')).toBeVisible();

	// The child's name is still missing: "ready" says so in Vietnamese, at the field.
	await lan.getByRole('button', { name: 'Sẵn sàng nộp' }).click();
	await expect(lan.getByTestId('form-errors')).toBeVisible();
	await expect(lan.locator('#f-child-fullName-issues')).toContainText(
		'Vui lòng trả lời câu hỏi này'
	);
	await expect(field(lan, 'child.fullName')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(lan);
	await field(lan, 'child.fullName').fill(CHILD);
	for (const path of ['mother.fullName', 'mother.residence', 'residence.address']) {
		if (!(await field(lan, path).inputValue())) await field(lan, path).fill('Số 12, Ấp Bến Chò');
	}
	if (!(await field(lan, 'mother.birthYear').inputValue()))
		await field(lan, 'mother.birthYear').fill('1995');
	await field(lan, 'mother.ethnicity').selectOption({ index: 1 });
	await field(lan, 'mother.nationality').selectOption('vn');
	await field(lan, 'residence.withParent').selectOption('yes');
	await lan.getByRole('button', { name: 'Lưu tờ khai' }).click();
	await expect(lan.getByText('Đã lưu trên máy.')).toBeVisible();

	// The birth certificate is photographed through the photo pipeline; the ID card is only shown.
	const paper = lan.getByTestId('paper-birthCertificate');
	const chooser = lan.waitForEvent('filechooser');
	await paper.getByText('Chụp ảnh giấy tờ').click();
	await (
		await chooser
	).setFiles({ name: 'giay-chung-sinh.jpg', mimeType: 'image/jpeg', buffer: await testJpeg(lan) });
	await expect(paper.getByTestId('photo-thumb')).toBeVisible({ timeout: 20_000 });
	await expect(paper).toContainText('Đã chụp');
	for (const [id, title] of [
		['witnessStatement', 'VĂN BẢN CAM ĐOAN'],
		['homeProof', 'GIẤY TỜ CHỖ Ở']
	]) {
		const other = lan.getByTestId(`paper-${id}`);
		const picking = lan.waitForEvent('filechooser');
		await other.getByText('Chụp ảnh giấy tờ').click();
		await (
			await picking
		).setFiles({ name: `${id}.jpg`, mimeType: 'image/jpeg', buffer: await testJpeg(lan, title) });
		await expect(other.getByTestId('photo-thumb')).toBeVisible({ timeout: 20_000 });
	}
	// Offline, each photo waits on the phone.
	await expect(lan.getByTestId('photo-state')).toHaveText(['Chờ gửi', 'Chờ gửi', 'Chờ gửi']);
	await lan
		.getByTestId('paper-declarantId')
		.getByRole('button', { name: 'Đã xuất trình bản gốc' })
		.click();
	await expect(lan.getByTestId('paper-declarantId')).toContainText('Đã xuất trình');
	await expect(lan.getByTestId('paper-declarantId').getByText('Chụp ảnh giấy tờ')).toHaveCount(0);

	// The bundle itself is free; the fee panel says so.
	await expect(lan.getByTestId('fee-amount')).toHaveText('Thủ tục này không mất lệ phí.');
	await lan.getByRole('button', { name: 'Sẵn sàng nộp' }).click();
	await expect(lan.getByTestId('dossier-status')).toHaveText('Sẵn sàng nộp');
	await expectAccessible(lan);
	// Sealed at rest: the child's name is not readable in IndexedDB.
	expect(await rawIndexedDb(lan)).not.toContain(CHILD);

	await lan.context().setOffline(false);
	await waitSynced(lan);
	// Text first, then the photos one by one: "synced" waits for all three.
	await expect(lan.getByTestId('photo-counts')).toHaveText(
		'0 chờ gửi · 0 đang gửi · 3 đã lên máy chủ'
	);
	await lan.goBack();
	await expect(lan.getByTestId('photo-state')).toHaveText([
		'Đã lên máy chủ',
		'Đã lên máy chủ',
		'Đã lên máy chủ'
	]);

	const hai = await signedIn(browser, HAI);
	await hai.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	const list = hai.getByTestId('dossier-list');
	await expect(list).toContainText('Sẵn sàng nộp');
	await expectAccessible(hai);
	await list
		.getByRole('link', { name: /Liên thông đăng ký khai sinh/ })
		.first()
		.click();
	await expect(field(hai, 'child.fullName')).toHaveValue(CHILD);
	// The office holds none of the photos: they are read from the server, and drawn.
	const officeThumbs = hai.getByTestId('photo-thumb');
	await expect(officeThumbs).toHaveCount(3);
	await expect
		.poll(() =>
			officeThumbs.evaluateAll(
				(imgs) =>
					imgs.filter((i) => i instanceof HTMLImageElement && i.complete && i.naturalWidth > 0)
						.length
			)
		)
		.toBe(3);
	await hai.getByLabel('Lý do trả lại (bắt buộc)').fill('Quê quán ghi chưa đủ');
	await hai.getByLabel('Ô hoặc giấy tờ cần sửa').selectOption('answers.child.hometown');
	await hai.getByLabel('Ghi chú cho ô đó').fill('Ghi rõ xã, tỉnh theo giấy tờ của mẹ');
	await expectAccessible(hai);
	await hai.getByRole('button', { name: 'Trả lại hồ sơ' }).click();
	await expect(hai.getByTestId('dossier-status')).toHaveText('Đang soạn');
	await waitSynced(hai);

	await waitSynced(lan);
	await lan.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	await expect(lan.getByTestId('dossier-list')).toContainText('xã yêu cầu sửa', {
		timeout: 30_000
	});
	await lan
		.getByTestId('dossier-list')
		.getByRole('link', { name: /Liên thông đăng ký khai sinh/ })
		.first()
		.click();
	await expect(lan.locator('#f-child-hometown-issues')).toContainText(
		'Ghi rõ xã, tỉnh theo giấy tờ của mẹ'
	);
	await expectAccessible(lan);
	await field(lan, 'child.hometown').fill('Xã Thạnh Đức, tỉnh Tây Ninh');
	await lan.getByRole('button', { name: 'Sẵn sàng nộp' }).click();
	await expect(lan.getByTestId('dossier-status')).toHaveText('Sẵn sàng nộp');
	await expect(lan.getByTestId('dossier-notes')).toHaveCount(0);
	await waitSynced(lan);

	await waitSynced(hai);
	await hai.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	await hai
		.getByTestId('dossier-list')
		.getByRole('link', { name: /Liên thông đăng ký khai sinh/ })
		.first()
		.click();
	await expect(field(hai, 'child.hometown')).toHaveValue('Xã Thạnh Đức, tỉnh Tây Ninh', {
		timeout: 30_000
	});
	await expect(hai.getByTestId('dossier-history')).toContainText('Quê quán ghi chưa đủ');
	await expect(hai.getByTestId('dossier-history').locator('li')).toHaveCount(3);

	// The office returns a paper: the photo of the birth certificate cannot be read.
	await hai.getByLabel('Lý do trả lại (bắt buộc)').fill('Ảnh giấy chứng sinh bị mờ');
	await hai.getByLabel('Ô hoặc giấy tờ cần sửa').selectOption('documents.birthCertificate');
	await hai.getByLabel('Ghi chú cho ô đó').fill('Chụp lại cho rõ nét');
	await hai.getByRole('button', { name: 'Trả lại hồ sơ' }).click();
	await expect(hai.getByTestId('dossier-status')).toHaveText('Đang soạn');
	await waitSynced(hai);

	// The volunteer retakes it, files the dossier online and records its code.
	await waitSynced(lan);
	await openBirthDossier(lan);
	const cert = lan.getByTestId('paper-birthCertificate');
	await expect(cert).toContainText('Chụp lại cho rõ nét', { timeout: 30_000 });
	await cert.getByRole('button', { name: 'Xoá ảnh' }).click();
	await expect(cert.getByTestId('photo-thumb')).toHaveCount(0);
	const retake = lan.waitForEvent('filechooser');
	await cert.getByText('Chụp ảnh giấy tờ').click();
	await (
		await retake
	).setFiles({
		name: 'chup-lai.jpg',
		mimeType: 'image/jpeg',
		buffer: await testJpeg(lan, 'GIẤY CHỨNG SINH - RÕ')
	});
	await expect(cert.getByTestId('photo-thumb')).toBeVisible({ timeout: 20_000 });
	await lan.getByRole('button', { name: 'Sẵn sàng nộp' }).click();
	await expect(lan.getByTestId('dossier-status')).toHaveText('Sẵn sàng nộp');
	await lan.getByLabel('Mã hồ sơ').fill('000.00.31.H56-261202-0001');
	await lan.getByRole('button', { name: 'Ghi nhận đã nộp' }).click();
	await expect(lan.getByTestId('dossier-status')).toHaveText('Đã nộp trực tuyến');
	await waitSynced(lan);
	await expect(lan.getByTestId('photo-counts')).toHaveText(
		'0 chờ gửi · 0 đang gửi · 3 đã lên máy chủ'
	);

	// The office marks the result ready; the volunteer takes the resident's rating.
	await waitSynced(hai);
	await openBirthDossier(hai);
	await expect(hai.getByTestId('dossier-status')).toHaveText('Đã nộp trực tuyến', {
		timeout: 30_000
	});
	await hai.getByRole('button', { name: 'Đã có kết quả' }).click();
	await expect(hai.getByTestId('dossier-status')).toHaveText('Đã có kết quả');
	await waitSynced(hai);

	await waitSynced(lan);
	await openBirthDossier(lan);
	await expect(lan.getByTestId('dossier-status')).toHaveText('Đã có kết quả', { timeout: 30_000 });
	await lan.getByLabel('Rất hài lòng').check();
	await lan.getByLabel('Thái độ của cán bộ').selectOption('4');
	await lan.getByRole('button', { name: 'Lưu đánh giá' }).click();
	await expect(lan.getByText('Người dân đánh giá: Rất hài lòng')).toBeVisible();
	await waitSynced(lan);
});

async function openBirthDossier(page: Page) {
	await page.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	await page
		.getByTestId('dossier-list')
		.getByRole('link', { name: /Liên thông đăng ký khai sinh/ })
		.first()
		.click();
}

test('a procedure with a fee shows its VietQR code with the amount, offline', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	await lan.context().setOffline(true);
	await lan.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	await lan.getByRole('link', { name: 'Hồ sơ mới' }).click();
	await lan.getByLabel('Tìm thủ tục (gõ có dấu hoặc không dấu)').fill('tam tru');
	await lan.getByLabel('Đăng ký tạm trú').check();
	await lan.getByLabel('Hộ gia đình', { exact: true }).selectOption({ index: 1 });
	await lan.getByRole('group', { name: 'Hồ sơ của ai' }).getByRole('checkbox').first().check();
	await lan.getByLabel('Người dân (hoặc người đại diện) đồng ý').check();
	await lan.getByRole('button', { name: 'Tạo hồ sơ' }).click();
	await expect(lan.getByTestId('fee-amount')).toHaveText('Lệ phí: 15.000 đ');
	const qr = lan.getByTestId('fee-qr');
	await expect(qr).toHaveAttribute('alt', 'Mã VietQR chuyển khoản 15.000 đ');
	const src = decodeURIComponent((await qr.getAttribute('src')) ?? '');
	expect(src).toContain('<svg');
	await expect(lan.getByTestId('fee')).toContainText('UBND XA THANH DUC');
	await expectAccessible(lan);
	await expect(lan.getByTestId('storage-low')).toHaveCount(0);

	// At 85% of the quota (the browser's estimate, stood in for), the papers warn before more photos.
	await lan.context().addInitScript(() => {
		navigator.storage.estimate = async () => ({ usage: 850_000_000, quota: 1_000_000_000 });
	});
	await lan.reload();
	await unlock(lan);
	await expect(lan.getByTestId('storage-low')).toContainText('trên 80%');
});

test('the office narrows the commune’s dossiers by status and downloads them as CSV', async ({
	browser
}) => {
	const hai = await signedIn(browser, HAI);
	await waitSynced(hai);
	await hai.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
	const count = hai.getByTestId('dossier-count');
	await expect(count).toContainText('Đang hiện');
	const total = Number(/\/ (\d+)/.exec((await count.textContent()) ?? '')![1]);
	expect(total).toBeGreaterThan(1);
	await expect(hai.getByTestId('dossier-list').locator('li')).toHaveCount(total);

	await hai.getByLabel('Trạng thái', { exact: true }).selectOption({ label: 'Sẵn sàng nộp' });
	const items = hai.getByTestId('dossier-list').locator('li');
	const shownNow = async () =>
		Number(/Đang hiện (\d+)/.exec((await count.textContent()) ?? '')![1]);
	await expect.poll(shownNow).toBeLessThan(total);
	const shown = await shownNow();
	// The demo seeds a ready dossier in each hamlet.
	expect(shown).toBeGreaterThanOrEqual(2);
	await expect(items).toHaveCount(shown);
	for (const text of await items.allTextContents()) expect(text).toContain('Sẵn sàng nộp');
	await expectAccessible(hai);

	const download = hai.waitForEvent('download');
	await hai.getByRole('button', { name: 'Tải CSV các hồ sơ đang hiện' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^ho-so-xa-25657-\d{4}-\d{2}-\d{2}\.csv$/);
	const text = (await readFile((await file.path())!)).toString('utf8');
	expect(text.startsWith('\uFEFFẤp/thôn,Thủ tục,')).toBe(true);
	const lines = text.trim().split('\r\n');
	expect(lines).toHaveLength(shown + 1);
	for (const line of lines.slice(1)) expect(line).toContain('Sẵn sàng nộp');

	// The dashboard counts them by procedure and stage, and rates them per hamlet.
	await openHomeLink(hai, 'Bảng số liệu của xã');
	const marital = hai
		.getByTestId('dossier-stages')
		.getByRole('row', { name: /Cấp Giấy xác nhận tình trạng hôn nhân/ });
	await expect(marital).toBeVisible();
	// Seeded per hamlet: ready and more documents asked (open), filed, result and handed over (done).
	await expect(marital.getByRole('cell')).toHaveText([/\d+/, /\d+/, /\d+/, /\d+/]);
	const cells = (await marital.getByRole('cell').allTextContents()).map(Number);
	expect(cells[0]).toBeGreaterThanOrEqual(4);
	expect(cells[1]).toBeGreaterThanOrEqual(2);
	expect(cells[2]).toBeGreaterThanOrEqual(4);
	await expect(hai.getByTestId('dossier-kpis-hamlets')).toContainText('Bến Chò');
});
