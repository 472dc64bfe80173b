import { type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { HAI, LAN, expectAccessible, signedIn, unlock } from './support/pages';

/**
 * Stands in for the phone's text-to-speech: the voices given (none, or a Vietnamese one),
 * and every `speak` and `cancel` recorded on `window.__speech`.
 */
async function fakeSpeech(page: Page, voices: { lang: string; name: string }[]) {
	await page.context().addInitScript((voices) => {
		const w = window as unknown as { __speech: string[] };
		w.__speech = [];
		class Utterance {
			voice: unknown = null;
			lang = '';
			rate = 1;
			onend: null | (() => void) = null;
			onerror: null | (() => void) = null;
			constructor(readonly text: string) {}
		}
		Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance });
		const synth = window.speechSynthesis;
		synth.getVoices = () => voices as unknown as SpeechSynthesisVoice[];
		synth.speak = (u) => void w.__speech.push(`speak ${u.lang}: ${u.text}`);
		synth.cancel = () => void w.__speech.push('cancel');
	}, voices);
}
const spoken = (page: Page) =>
	page.evaluate(() => (window as unknown as { __speech: string[] }).__speech);

/** Numbers this spec's account uses; the name stays the demo's, which other specs look for. */
const ACCOUNT = { bank: '970405', number: '7300201009999', name: 'UBND XA THANH DUC' };

test('an official sets the fee account; the volunteer’s QR code pays into it; the dossier receipt masks the ID', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const hai = await signedIn(browser, HAI);
	await hai.getByRole('link', { name: 'Số liệu' }).click();
	await hai.getByTestId('fee-account-link').click();
	await expect(
		hai.getByRole('heading', { level: 1, name: 'Tài khoản thu phí của xã' })
	).toBeVisible();
	await hai.getByLabel('Ngân hàng').selectOption(ACCOUNT.bank);
	await hai.getByLabel('Số tài khoản').fill('7300-2010');
	await hai.getByRole('button', { name: 'Lưu tài khoản thu phí' }).click();
	// Said in Vietnamese, next to the field.
	await expect(hai.locator('#fa-accountNumber-issues')).toContainText(
		'Số tài khoản chỉ gồm chữ số và chữ cái'
	);
	await expect(hai.getByTestId('fee-account-preview')).toHaveCount(0);
	await hai.getByLabel('Số tài khoản').fill(ACCOUNT.number);
	await hai.getByLabel('Tên tài khoản').fill(ACCOUNT.name);
	await expect(hai.getByTestId('fee-account-preview')).toBeVisible();
	await expectAccessible(hai);

	await hai.context().setOffline(true);
	await hai.getByRole('button', { name: 'Lưu tài khoản thu phí' }).click();
	await expect(hai.getByTestId('fee-account-message')).toContainText('cần kết nối Internet');
	await hai.context().setOffline(false);
	await hai.getByRole('button', { name: 'Lưu tài khoản thu phí' }).click();
	await expect(hai.getByTestId('fee-account-message')).toContainText('Đã lưu trên máy chủ');
	await expect(hai.getByTestId('fee-account-current')).toContainText(
		`Agribank · ${ACCOUNT.number}`
	);

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
	const qr = lan.getByTestId('fee-qr');
	await expect(qr).toBeVisible();
	await expect(lan.getByTestId('fee')).toContainText(ACCOUNT.number);

	await lan.getByTestId('dossier-receipt-link').click();
	const receipt = lan.getByTestId('dossier-receipt');
	await expect(receipt).toContainText('Đăng ký tạm trú');
	await expect(receipt).toContainText('15.000 đ — Chưa nộp');
	await expect(lan.getByTestId('dreceipt-id').first()).toHaveText(/^x{4} x{4} \d{4}$/);
	expect(await receipt.innerText()).not.toMatch(/\d{9,12}/);
	await expect(lan.getByTestId('dreceipt-next')).toContainText('Nộp phí 15.000 đ');
	await expectAccessible(lan);
});

test('“Đọc to” reads the consent notice with a Vietnamese voice and stops on a second press; hidden without one', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	await fakeSpeech(lan, [
		{ lang: 'en-US', name: 'English' },
		{ lang: 'vi-VN', name: 'Tiếng Việt' }
	]);
	await lan.goto('/dossiers/new');
	await unlock(lan);
	const read = lan.getByTestId('read-aloud-consent');
	await expect(read).toHaveText('Đọc to');
	await read.click();
	await expect(read).toHaveText('Dừng đọc');
	await expect(read).toHaveAttribute('aria-pressed', 'true');
	const first = await spoken(lan);
	expect(first.at(-1)).toMatch(/^speak vi-VN: Tổ công nghệ số ghi thông tin/);
	await read.click();
	await expect(read).toHaveText('Đọc to');
	expect((await spoken(lan)).at(-1)).toBe('cancel');
	expect((await spoken(lan)).filter((s) => s.startsWith('speak'))).toHaveLength(1);

	const other = await signedIn(browser, LAN);
	await fakeSpeech(other, [{ lang: 'en-US', name: 'English' }]);
	await other.goto('/dossiers/new');
	await unlock(other);
	await expect(other.getByLabel('Người dân (hoặc người đại diện) đồng ý')).toBeVisible();
	await expect(other.getByTestId('read-aloud-consent')).toHaveCount(0);
});
