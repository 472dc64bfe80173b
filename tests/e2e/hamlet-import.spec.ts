import { DEMO_PASSWORD } from '../factories/users.ts';
import { expect, test } from './support/test';
import { expectAccessible, HAI, openHomeLink, signedIn } from './support/pages';

// The office imports its hamlet list from a spreadsheet: every row is previewed with what will
// happen, then each gets its own result; a broken file is refused with the line at fault.

const n = String(Date.now() % 1_000_000).padStart(6, '0');

test('an official previews a CSV of hamlets, imports it and reads a result per row', async ({
	browser,
	request
}) => {
	test.setTimeout(120_000);
	const login = await request.post('/api/session', {
		data: { username: HAI, password: DEMO_PASSWORD }
	});
	const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
	const made = await request.post('/api/communes/25657/hamlets', {
		headers: auth,
		data: { id: `ap-doi-${n}`, name: `Ấp Đổi ${n}` }
	});
	expect(made.status()).toBe(201);

	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Bảng số liệu của xã');
	await hai.getByTestId('hamlets-link').click();
	const file = hai.getByLabel('Tệp CSV danh sách ấp');

	// Excel in Việt Nam saves with semicolons; the third line lacks a column.
	await file.setInputFiles({
		name: 'hong.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('Mã ấp;Tên ấp\nap-a;Ấp A\nap-b\n')
	});
	await expect(hai.getByTestId('hamlet-import-error')).toHaveText(
		'Không đọc được tệp hong.csv: dòng 3 có 1 cột, dòng tiêu đề có 2 cột.'
	);

	const csv = [
		'Mã ấp,Tên ấp,Từ ngày',
		`ap-moi-${n},Ấp Mới ${n},01/12/2026`,
		`ap-doi-${n},Ấp Đã Đổi ${n},`,
		'ap-ben-cho,Ấp Bến Chò,',
		'Sai Mã,Ấp Sai,'
	].join('\r\n');
	await file.setInputFiles({ name: 'ds-ap.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await expect(hai.getByTestId('hamlet-import-summary')).toHaveText(
		'ds-ap.csv: thêm mới 1, đổi tên 1, giữ nguyên 1, bỏ qua 1.'
	);
	await expect(hai.getByTestId('import-line-2')).toContainText('Thêm mới, có từ 01/12/2026');
	await expect(hai.getByTestId('import-line-3')).toContainText(`Đổi tên từ "Ấp Đổi ${n}"`);
	await expect(hai.getByTestId('import-line-5')).toContainText(
		'Bỏ qua: mã ấp chỉ gồm chữ thường không dấu, số và gạch ngang'
	);
	for (const size of [
		{ width: 360, height: 640 },
		{ width: 1280, height: 800 }
	]) {
		await hai.setViewportSize(size);
		await expectAccessible(hai);
	}

	await hai.getByRole('button', { name: 'Nhập 2 dòng' }).click();
	await expect(hai.getByTestId('import-line-2')).toContainText('Đã thêm');
	await expect(hai.getByTestId('import-line-3')).toContainText('Đã đổi tên');
	await expect(hai.getByTestId(`hamlet-ap-moi-${n}`)).toContainText(`Ấp Mới ${n}`);
	await expect(hai.getByTestId(`hamlet-ap-doi-${n}`)).toContainText(`Ấp Đã Đổi ${n}`);
	await expect(hai.getByTestId(`hamlet-ap-doi-${n}`).getByTestId('former-names')).toContainText(
		`Ấp Đổi ${n}`
	);

	// The server holds what the screen says.
	const list = await request.get('/api/communes/25657/hamlets', { headers: auth });
	const hamlets = (
		(await list.json()) as { hamlets: { id: string; name: string; validFrom: string }[] }
	).hamlets;
	expect(hamlets.find((h) => h.id === `ap-moi-${n}`)).toMatchObject({ validFrom: '2026-12-01' });
	expect(hamlets.find((h) => h.id === 'ap-ben-cho')?.name).toBe('Ấp Bến Chò');
	expect(hamlets.some((h) => h.name === 'Ấp Sai')).toBe(false);
});
