import { type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../../sync-server/src/directory/csv';
import { DEMO_ACCOUNTS } from '../../sync-server/src/seed/demo';
import { demoCommunePoints } from '../../sync-server/src/seed/demo-points';
import { demoRecords } from '../../sync-server/src/seed/demo-records';
import { expectAccessible, HAI, LAN, signedIn, unlock, waitSynced } from './support/pages';

// The points the e2e server's demo seeds (their positions and reviews do not depend on the day).
const DEMO_VOLUNTEERS = DEMO_ACCOUNTS.filter((a) => a.role === 'volunteer').map((a) => ({
	username: a.username,
	commune: a.commune as string,
	hamlet: a.hamlets[0] as string
}));
const SEEDED = demoCommunePoints(
	'25657',
	DEMO_VOLUNTEERS,
	demoRecords(DEMO_VOLUNTEERS, new Date()).households,
	new Date()
);
const seeded = (f: (p: (typeof SEEDED)[number]) => boolean) => SEEDED.filter(f).length;

// Xã Thạnh Đức: a spot inside the commune, and metres to degrees there.
const HOME = { latitude: 11.209606, longitude: 106.202242 };
const M_LAT = 1 / 111_195;
const M_LNG = 1 / (111_195 * Math.cos((HOME.latitude * Math.PI) / 180));
const near = (north: number, east: number, accuracy = 4) => ({
	latitude: HOME.latitude + north * M_LAT,
	longitude: HOME.longitude + east * M_LNG,
	accuracy
});

/** Page model of the capture screen. */
function capture(page: Page) {
	return {
		/** Feeds the receiver a few fixes around a spot and waits for a good averaged reading. */
		async standAt(north: number, east: number) {
			// Fixes arrive when the emulated position changes; the first ones may be dropped, so
			// new ones come until the reading is an average of at least two (no fixed wait: a
			// loaded machine delivers them late).
			const jitter = [
				[0.4, -0.3],
				[-0.3, 0.2],
				[0.1, 0.1],
				[-0.2, -0.1]
			];
			let i = 0;
			await expect(async () => {
				const [dn, de] = jitter[i++ % jitter.length];
				await page.context().setGeolocation(near(north + dn, east + de));
				await expect(page.getByTestId('gps-reading')).toContainText(
					/GPS tốt: .*\((\d{2,}|[2-9]) lần đo\)/,
					{ timeout: 1_000 }
				);
			}).toPass({ timeout: 20_000 });
		},
		async details(houseNumber: string, street = 'Hẻm 3') {
			await page.getByLabel('Số nhà').fill(houseNumber);
			await page.getByLabel('Đường, hẻm hoặc tổ').fill(street);
		},
		save: () => page.getByRole('button', { name: 'Lưu điểm' }).click(),
		saved: () =>
			expect(page.getByRole('main').getByRole('status')).toContainText('Đã lưu điểm trên máy')
	};
}

/** A photo-like JPEG drawn in the page, as the camera would hand it over. */
async function frontJpeg(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(800, 600);
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#c9b79c';
		g.fillRect(0, 0, 800, 600);
		g.fillStyle = '#5a3e2b';
		g.fillRect(250, 200, 300, 400);
		g.font = '48px sans-serif';
		g.fillText('SỐ 30', 320, 150);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
		return Array.from(new Uint8Array(await blob.arrayBuffer()));
	});
	return Buffer.from(bytes);
}

test('a volunteer captures points offline with GPS and on the map, is warned of a near-duplicate; the official validates one and exports GeoJSON', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const lan = await signedIn(browser, LAN);
	const errors: string[] = [];
	lan.on('pageerror', (e) => errors.push(`${e.message}\n${e.stack ?? ''}`));
	await lan.context().grantPermissions(['geolocation']);
	await lan.context().setGeolocation(near(0, 0, 30));

	// Online once: the map pack downloads with its size shown, and the boundary is kept.
	await lan.getByRole('link', { name: 'Địa chỉ số' }).click();
	const download = lan.getByRole('button', { name: /^Tải bản đồ \(\d+(\.\d)? (KB|MB)\)$/ });
	await expect(download).toBeVisible();
	await download.click();
	await expect(lan.getByTestId('pack-stored')).toContainText('đã lưu trên máy');
	await expectAccessible(lan);

	await lan.context().setOffline(true);
	await lan.getByRole('link', { name: 'Ghi điểm mới' }).click();
	const c = capture(lan);
	await expect(lan.getByTestId('gps-panel')).toContainText('Vị trí GPS');

	// 1: averaged GPS at the door.
	await c.standAt(0, 0);
	await c.details('13');
	// The demo household at Số 13, Hẻm 3 is offered; linking it records its consent.
	const link = lan.getByTestId('household-link');
	await link.getByLabel(/Hộ ở Số 13, Hẻm 3/).check();
	await link.getByLabel('Hộ đã đồng ý gắn địa chỉ số với hộ').check();
	await expect(lan.getByTestId('point-checks')).toHaveCount(0);
	await expectAccessible(lan);
	await c.save();
	await c.saved();

	// 2: the GPS is off by 45 m; the volunteer taps the right house on the map.
	await c.standAt(0, 0);
	const map = lan.getByRole('application', { name: 'Bản đồ xã' });
	const box = (await map.boundingBox())!;
	await map.click({ position: { x: box.width / 2 + 80, y: box.height / 2 } });
	await expect(lan.getByTestId('moved-note')).toBeVisible();
	await c.details('30');
	await expect(lan.getByTestId('point-checks')).toHaveCount(0);
	// With a photo of the front, kept on the phone and sent after the point.
	const chooser = lan.waitForEvent('filechooser');
	await lan.getByText('Chụp ảnh mặt tiền').click();
	await (
		await chooser
	).setFiles({
		name: 'mat-tien.jpg',
		mimeType: 'image/jpeg',
		buffer: await frontJpeg(lan)
	});
	await expect(lan.getByTestId('front-photo').getByTestId('photo-thumb')).toBeVisible({
		timeout: 20_000
	});
	await c.save();
	await c.saved();

	// 3: two metres from the first: the warning names it and asks for a confirmation.
	await c.standAt(2, 0);
	await c.details('16');
	const checks = lan.getByTestId('point-checks');
	await expect(checks).toContainText('Đã có điểm rất gần hoặc cùng số nhà');
	await expect(lan.getByTestId('near-points')).toContainText('Số 13, Hẻm 3');
	await c.save();
	await expect(lan.getByRole('alert').filter({ hasText: 'Đã có điểm rất gần' })).toBeVisible();
	await expectAccessible(lan);
	await lan.getByLabel('Tôi đã xem lại: đây là một địa điểm khác').check();
	await c.save();
	await c.saved();

	// A fourth is half done when the phone restarts: what was typed and placed comes back.
	await c.details('40', 'Tổ 5');
	const map4 = (await map.boundingBox())!;
	await map.click({ position: { x: map4.width / 2 - 90, y: map4.height / 2 + 40 } });
	await expect(lan.getByTestId('moved-note')).toBeVisible();
	// Past the draft's 400 ms pause, so the input is on the disk before the reload.
	await lan.waitForTimeout(1000);
	await lan.reload();
	await unlock(lan);
	await lan.getByRole('link', { name: 'Địa chỉ số' }).click();
	await lan.getByRole('link', { name: 'Ghi điểm mới' }).click();
	await expect(lan.getByLabel('Số nhà')).toHaveValue('40');
	await expect(lan.getByLabel('Đường, hẻm hoặc tổ')).toHaveValue('Tổ 5');
	await expect(lan.getByTestId('moved-note')).toBeVisible();

	await lan.getByRole('link', { name: 'Quay lại danh sách' }).click();
	const list = lan.getByTestId('point-list');
	const lanSeeded = seeded((p) => p.capturedBy === LAN);
	await expect(list.getByRole('listitem')).toHaveCount(lanSeeded + 3);
	await expect(list).toContainText('Số 30, Hẻm 3');
	// Saved offline, the points survive the phone being closed and reopened.
	await lan.reload();
	await unlock(lan);
	await lan.getByRole('link', { name: 'Địa chỉ số' }).click();
	await expect(lan.getByTestId('point-list').getByRole('listitem')).toHaveCount(lanSeeded + 3);
	await lan.context().setOffline(false);
	await waitSynced(lan);

	// The official sees the three points beside the demo's, and filters down to Lan's waiting houses.
	const hai = await signedIn(browser, HAI);
	await hai.getByRole('link', { name: 'Địa chỉ số' }).click();
	const total = SEEDED.length + 3;
	await expect(hai.getByRole('heading', { name: `Điểm của xã (${total})` })).toBeVisible();
	const drawn = () => hai.locator('canvas[data-drawn]').getAttribute('data-drawn');
	await expect.poll(drawn).toBe(String(total));
	const filters = hai.getByRole('group', { name: 'Lọc điểm' });
	await filters.getByLabel('Người ghi').selectOption({ label: 'Nguyễn Thị Lan' });
	await filters.getByLabel('Trạng thái').selectOption({ label: 'Chờ duyệt' });
	await filters.getByLabel('Loại địa điểm').selectOption({ label: 'Nhà ở' });
	const waiting =
		seeded(
			(p) => p.capturedBy === LAN && p.review?.status === 'submitted' && p.objectType === 'house'
		) + 3;
	await expect(hai.getByTestId('filter-count')).toHaveText(
		`Đang hiện ${waiting} trên ${total} điểm.`
	);
	await expect(hai.getByRole('heading', { name: `Điểm của xã (${waiting})` })).toBeVisible();
	await expect.poll(drawn).toBe(String(waiting));
	await expect(hai.getByTestId('point-list').getByRole('listitem')).toHaveCount(waiting);
	// Lan captures in Bến Chò only.
	await filters.getByLabel('Ấp/Thôn').selectOption({ label: 'Ấp Thạnh Hòa' });
	await expect(hai.getByTestId('filter-count')).toHaveText(`Đang hiện 0 trên ${total} điểm.`);
	await expect.poll(drawn).toBe('0');
	await filters.getByLabel('Ấp/Thôn').selectOption({ label: 'Tất cả' });
	await filters.getByLabel('Trạng thái').selectOption({ label: 'Tất cả' });
	const lanHouses = seeded((p) => p.capturedBy === LAN && p.objectType === 'house') + 3;
	await expect(hai.getByTestId('filter-count')).toHaveText(
		`Đang hiện ${lanHouses} trên ${total} điểm.`
	);
	await expectAccessible(hai);

	// It validates the one at number 13.
	await hai.getByRole('button', { name: /Số 13, Hẻm 3/ }).click();
	const review = hai.getByTestId('point-review');
	await expect(review).toContainText('GPS, lấy trung bình');
	await expectAccessible(hai);
	await review.getByRole('button', { name: 'Xác nhận điểm' }).click();
	await expect(review.getByRole('status')).toHaveText('Đã xác nhận điểm.');
	await hai.getByRole('button', { name: /Số 30, Hẻm 3/ }).click();
	await expect(review).toContainText('GPS, sau đó chỉnh trên bản đồ');
	// The office reads the photo of the front from the server.
	const front = review.getByTestId('photo-thumb');
	await expect
		.poll(() =>
			front.evaluate((i) => (i instanceof HTMLImageElement && i.complete ? i.naturalWidth : 0))
		)
		.toBeGreaterThan(0);

	// The exports hold the filtered points.
	const [file] = await Promise.all([
		hai.waitForEvent('download'),
		hai.getByRole('button', { name: `Tải GeoJSON (${lanHouses} điểm)` }).click()
	]);
	expect(file.suggestedFilename()).toMatch(/^dia-chi-so-25657-\d{4}-\d{2}-\d{2}\.geojson$/);
	const geo = JSON.parse(await readFile((await file.path())!, 'utf8')) as {
		type: string;
		features: {
			geometry: { type: string; coordinates: [number, number] };
			properties: Record<string, unknown>;
		}[];
	};
	expect(geo.type).toBe('FeatureCollection');
	expect(geo.features).toHaveLength(lanHouses);
	const ours = geo.features.filter((f) => f.properties.street === 'Hẻm 3');
	const byNumber = new Map(ours.map((f) => [f.properties.house_number, f]));
	const thirteen = byNumber.get('13')!;
	expect(thirteen.geometry.type).toBe('Point');
	expect(thirteen.geometry.coordinates[0]).toBeCloseTo(HOME.longitude, 4);
	expect(thirteen.geometry.coordinates[1]).toBeCloseTo(HOME.latitude, 4);
	expect(thirteen.properties).toMatchObject({ status: 'approved', method: 'gps_averaged' });
	expect(thirteen.properties.samples).toBeGreaterThanOrEqual(1);
	expect(thirteen.properties.plus_code).toMatch(/^7P[2-9CFGHJMPQRVWX]{6}\+[2-9CFGHJMPQRVWX]{3}$/);
	expect(byNumber.get('30')!.properties.method).toBe('gps_moved');
	expect(byNumber.get('30')!.geometry.coordinates[0]).toBeGreaterThan(HOME.longitude + 20 * M_LNG);
	expect(byNumber.get('16')!.properties.status).toBe('submitted');

	expect(Object.keys(thirteen.properties).filter((k) => /household|consent/.test(k))).toEqual([]);

	const [csvFile] = await Promise.all([
		hai.waitForEvent('download'),
		hai.getByRole('button', { name: `Tải CSV cho Excel (${lanHouses} điểm)` }).click()
	]);
	expect(csvFile.suggestedFilename()).toMatch(/^dia-chi-so-25657-\d{4}-\d{2}-\d{2}\.csv$/);
	const bytes = await readFile((await csvFile.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const rows = parseCsv(bytes.toString('utf8'));
	expect(rows).toHaveLength(lanHouses);
	const row13 = rows.find((r) => r['Số nhà'] === '13' && r['Đường, hẻm hoặc tổ'] === 'Hẻm 3')!;
	expect(row13).toMatchObject({
		'Loại địa điểm': 'Nhà ở',
		'Trạng thái': 'Đã duyệt',
		'Cách lấy vị trí': 'GPS, lấy trung bình',
		'Plus Code': thirteen.properties.plus_code,
		'Ấp/Thôn': 'Ấp Bến Chò',
		'Người ghi': LAN
	});
	expect(Number(row13['Kinh độ'])).toBeCloseTo(HOME.longitude, 4);
	expect(Number(row13['Số lần đo'])).toBeGreaterThanOrEqual(1);
	expect(Object.keys(row13).filter((k) => /hộ|đồng ý/i.test(k))).toEqual([]);

	// The point at 16 goes back with a note; coverage counts the linked, validated household.
	await hai.getByRole('button', { name: /Số 16, Hẻm 3/ }).click();
	await review.getByLabel('Ghi chú khi trả lại (cần sửa gì)').fill('Trùng nhà số 13, kiểm tra lại');
	await review.getByRole('button', { name: 'Trả lại cho tình nguyện viên' }).click();
	await expect(review.getByRole('status')).toHaveText('Đã trả lại điểm kèm ghi chú.');
	await hai.getByRole('link', { name: 'Số liệu' }).click();
	const benCho = hai
		.getByTestId('hamlet-table')
		.getByRole('listitem')
		.filter({ hasText: 'Ấp Bến Chò' });
	// Eight weeks of captures: the demo's spread over them, this test's three in the last.
	const weeks = hai.getByTestId('points-per-week').getByRole('listitem');
	await expect(weeks).toHaveCount(8);
	await expect(weeks.first()).toContainText(/^Tuần từ \d{2}\/\d{2}\/\d{4}/);
	const weekCounts = (await weeks.allInnerTexts()).map((t) => Number(/(\d+) điểm/.exec(t)![1]));
	expect(weekCounts.at(-1)).toBeGreaterThanOrEqual(3);
	expect(weekCounts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(6);
	expect(weekCounts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
	const linked = (approved: boolean) =>
		seeded(
			(p) =>
				p.hamlet === 'ap-ben-cho' &&
				p.householdId !== null &&
				(!approved || p.review?.status === 'approved')
		) + 1;
	await expect(benCho.getByTestId('address-with-point')).toHaveText(
		new RegExp(`^${linked(false)}/\\d+ \\(\\d+%\\)$`)
	);
	await expect(benCho.getByTestId('address-validated')).toHaveText(
		new RegExp(`^${linked(true)} \\(\\d+%\\)$`)
	);

	await waitSynced(hai);
	await waitSynced(lan);
	await lan.getByRole('link', { name: 'Địa chỉ số' }).click();
	const points = lan.getByTestId('point-list');
	await expect(points.getByRole('listitem').filter({ hasText: 'Số 13, Hẻm 3' })).toContainText(
		'Đã duyệt'
	);
	await expect(points).toContainText('Xã ghi chú: Trùng nhà số 13, kiểm tra lại');

	// The volunteer moves the returned point to the right house and sends it again.
	await points.getByRole('link', { name: /Số 16, Hẻm 3/ }).click();
	await expect(lan.getByRole('note')).toContainText('Trùng nhà số 13, kiểm tra lại');
	const editMap = lan.getByRole('application', { name: 'Bản đồ xã' });
	const edit = (await editMap.boundingBox())!;
	await editMap.click({ position: { x: edit.width / 2, y: edit.height / 2 - 60 } });
	await expect(lan.getByTestId('moved-note')).toBeVisible();
	await lan.getByRole('button', { name: 'Lưu và gửi lại' }).click();
	const resent = lan
		.getByTestId('point-list')
		.getByRole('listitem')
		.filter({ hasText: 'Số 16, Hẻm 3' });
	await expect(resent).toContainText('Chờ duyệt');
	await expect(resent).not.toContainText('Xã ghi chú');
	await waitSynced(lan);
	expect(errors).toEqual([]);
	await hai.context().close();
	await lan.context().close();
});

test('with location denied, the capture screen says what to turn on and the point can still be placed on the map', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	await lan.context().clearPermissions();
	await lan.getByRole('link', { name: 'Địa chỉ số' }).click();
	await lan.getByRole('link', { name: 'Ghi điểm mới' }).click();
	await expect(
		lan.getByRole('alert').filter({ hasText: 'chưa được phép dùng vị trí' })
	).toContainText('Dùng vị trí chính xác');
	const c = capture(lan);
	await c.save();
	await expect(lan.getByRole('alert').filter({ hasText: 'Chưa có vị trí' })).toBeVisible();
	const map = lan.getByRole('application', { name: 'Bản đồ xã' });
	await expect(map.locator('path.leaflet-interactive, canvas').first()).toBeVisible();
	const box = (await map.boundingBox())!;
	// Off the commune's centre, where the first test's points are.
	await map.click({ position: { x: box.width / 2, y: box.height / 2 - 40 } });
	await c.details('88');
	await c.save();
	await c.saved();
	await lan.context().close();
});

test('a point outside the commune boundary is saved only once the volunteer confirms it', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	await lan.context().grantPermissions(['geolocation']);
	await lan.getByRole('link', { name: 'Địa chỉ số' }).click();
	await lan.getByRole('link', { name: 'Ghi điểm mới' }).click();
	const c = capture(lan);
	// About 30 km north of Thạnh Đức.
	await c.standAt(30_000, 0);
	await c.details('5', 'Tổ 1');
	await expect(lan.getByTestId('point-checks')).toContainText('nằm ngoài ranh giới xã');
	await c.save();
	await expect(lan.getByRole('alert').filter({ hasText: 'ngoài ranh giới xã' })).toBeVisible();
	await lan.getByLabel('Tôi đã xem lại: điểm đúng là ở đây').check();
	await c.save();
	await c.saved();
	await lan.context().close();
});

test('the official imports an earlier survey: a report names the refused feature, the others are saved and sync', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const hai = await signedIn(browser, HAI);
	await hai.getByRole('link', { name: 'Địa chỉ số' }).click();
	const heading = hai.getByRole('heading', { name: /^Điểm của xã \(\d+\)$/ });
	await expect(heading).toHaveText(/\((\d{3,})\)/);
	const before = Number(/\((\d+)\)/.exec((await heading.textContent())!)![1]);

	// Spots 700 m north-east of the centre, away from every demo point.
	const spots = [0, 1, 2, 3, 4, 5, 6, 7]
		.map((k) => near(700 + k * 40, 700))
		.filter((s) =>
			SEEDED.every(
				(p) =>
					Math.hypot(
						(p.position.lat - s.latitude) / M_LAT,
						(p.position.lng - s.longitude) / M_LNG
					) > 20
			)
		);
	const feature = (coordinates: number[], properties: Record<string, unknown>, id: string) => ({
		type: 'Feature',
		id,
		geometry: { type: 'Point', coordinates },
		properties
	});
	const survey = {
		type: 'FeatureCollection',
		features: [
			feature(
				[spots[0].longitude, spots[0].latitude],
				{
					hamlet_name: 'Ấp Thạnh Hòa',
					object_type: 'house',
					house_number: '7',
					accuracy_m: 4.5,
					samples: 10
				},
				'a'
			),
			// Written [lat, lng]: refused.
			feature([spots[1].latitude, spots[1].longitude], { house_number: '8' }, 'b'),
			// No hamlet: goes to the one chosen in the dialog.
			feature(
				[spots[2].longitude, spots[2].latitude],
				{ object_type: 'shop', name: 'Tạp hoá Năm' },
				'c'
			)
		]
	};
	const dialog = hai.getByRole('region', { name: 'Nhập điểm từ tệp GeoJSON' });
	await dialog
		.getByLabel('Ấp/thôn cho các điểm tệp không ghi ấp')
		.selectOption({ label: 'Ấp Bến Chò' });
	await dialog.getByLabel('Chọn tệp GeoJSON').setInputFiles({
		name: 'khao-sat-2025.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(JSON.stringify(survey))
	});
	await expect(dialog.getByLabel('Tên đợt khảo sát (ghi lại trên từng điểm)')).toHaveValue(
		'khao-sat-2025'
	);
	const report = dialog.getByTestId('import-report');
	await expect(report).toContainText('Sẽ nhập 2 điểm.');
	await expect(report).toContainText('1 điểm không nhập được:');
	await expect(report.getByRole('listitem')).toHaveText([
		'Điểm thứ 2 (id b): Kinh độ và vĩ độ có vẻ bị đảo. GeoJSON ghi [kinh độ, vĩ độ]'
	]);
	await expectAccessible(hai);
	await dialog.getByRole('button', { name: 'Nhập 2 điểm' }).click();
	await expect(dialog.getByRole('status')).toHaveText(
		'Đã nhập 2 điểm. Các điểm sẽ được đồng bộ và chờ duyệt.'
	);
	await expect(heading).toHaveText(`Điểm của xã (${before + 2})`);
	await expect(hai.getByRole('button', { name: /Tạp hoá Năm/ })).toContainText('Ấp Bến Chò');
	await expect(hai.getByRole('button', { name: /Nhà ở · Số 7(?![\d/])/ })).toContainText(
		'Ấp Thạnh Hòa'
	);

	// The server takes them (it validates every write): nothing is left pending or refused.
	await waitSynced(hai);

	// A file that is not GeoJSON is refused as a whole.
	await hai.getByRole('link', { name: 'Địa chỉ số' }).click();
	await dialog.getByLabel('Chọn tệp GeoJSON').setInputFiles({
		name: 'ghi-chu.json',
		mimeType: 'application/json',
		buffer: Buffer.from('{"type": "FeatureCollection", "features": [')
	});
	await expect(dialog.getByRole('alert')).toHaveText(
		'Không nhập được tệp: Tệp không phải GeoJSON (không đọc được dạng JSON).'
	);
	await hai.context().close();
});
