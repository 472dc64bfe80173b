import { describe, expect, it } from 'vitest';
import {
	bankByBin,
	checkCollectionAccount,
	crc16ccitt,
	parseVietQr,
	transferNote,
	validateFeeAccount,
	vietQrPayload
} from '../../../../src/lib/domain/dossier/index.ts';

/**
 * Published payloads: github.com/subiz/vietqr, `vietqr_test.go` (static code; MB 970422 with
 * an amount and a note, with and without Vietnamese marks) and `README.md` (VietinBank 970415,
 * 120,000 đ, "ủng hộ lũ lụt").
 */
const PUBLISHED = [
	{
		input: { bin: '970423', accountNumber: '0099999999' },
		payload:
			'00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4'
	},
	{
		input: {
			bin: '970422',
			accountNumber: '0023457923442',
			amountVnd: 40123,
			note: 'test text string'
		},
		payload:
			'00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62200816test text string6304D9C6'
	},
	{
		input: {
			bin: '970422',
			accountNumber: '0023457923442',
			amountVnd: 40123,
			note: 'chuyển khoản'
		},
		payload:
			'00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62160812chuyen khoan6304722F'
	},
	{
		input: {
			bin: '970415',
			accountNumber: '0011001932418',
			amountVnd: 120000,
			note: 'ủng hộ lũ lụt'
		},
		payload:
			'00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C'
	}
];

describe('VietQR payload', () => {
	it.each(PUBLISHED)('matches the published payload $payload', ({ input, payload }) => {
		expect(vietQrPayload(input)).toBe(payload);
	});

	it('computes CRC-16/CCITT-FALSE (check value of "123456789" is 29B1)', () => {
		expect(crc16ccitt('123456789')).toBe('29B1');
		expect(crc16ccitt('')).toBe('FFFF');
		expect(() => crc16ccitt('đ')).toThrow(RangeError);
	});

	it('carries a dossier fee with the dossier code in the transfer note, and reads back', () => {
		const payload = vietQrPayload({
			bin: '970405',
			accountNumber: '7300201001234',
			amountVnd: 20000,
			note: '000.00.25.H57-261120-0012'
		});
		expect(parseVietQr(payload)).toEqual({
			bin: '970405',
			accountNumber: '7300201001234',
			service: 'QRIBFTTA',
			amountVnd: 20000,
			note: '000.00.25.H57-261120-0012',
			crcOk: true
		});
		const tampered = payload.replace('5405200005802', '5405900005802');
		expect(parseVietQr(tampered)?.crcOk).toBe(false);
		expect(parseVietQr('not a qr')).toBeUndefined();
	});

	it('folds notes to what banks accept: no marks, at most 25 characters', () => {
		expect(transferNote('Lệ phí đăng ký thường trú – hồ sơ số 12')).toBe(
			'Le phi dang ky thuong tru'
		);
		expect(transferNote('Đ/c: Ấp Bến Chò!')).toBe('D c Ap Ben Cho');
		expect(transferNote('000.00.25.H57-261120-0012').length).toBe(25);
	});

	it('refuses input that would make an unreadable code', () => {
		expect(() => vietQrPayload({ bin: '97040', accountNumber: '1' })).toThrow('bin');
		expect(() => vietQrPayload({ bin: '970405', accountNumber: '12 34' })).toThrow('accountNumber');
		expect(() => vietQrPayload({ bin: '970405', accountNumber: '1', amountVnd: 1.5 })).toThrow(
			'amountVnd'
		);
	});
});

describe('the commune collection account', () => {
	it('accepts an Agribank account of the commune', () => {
		expect(bankByBin('970405')?.shortName).toBe('Agribank');
		expect(
			checkCollectionAccount({
				bin: '970405',
				accountNumber: '7300201001234',
				accountName: 'UBND XA THANH DUC'
			})
		).toEqual([]);
	});

	it('warns on an unknown bank and refuses a malformed account or name', () => {
		const rules = (a: { bin: string; accountNumber: string; accountName: string }) =>
			checkCollectionAccount(a).map((f) => `${f.path}:${f.rule}:${f.severity}`);
		expect(rules({ bin: '970499', accountNumber: '123', accountName: 'X' })).toEqual([
			'bin:vietqr.binUnknown:warning'
		]);
		expect(rules({ bin: '97a405', accountNumber: '12-34', accountName: ' ' })).toEqual([
			'bin:vietqr.bin:error',
			'accountNumber:vietqr.account:error',
			'accountName:vietqr.name:error'
		]);
	});
});

describe('the account an official saves', () => {
	const good = {
		bin: '970405',
		accountNumber: '7300201001234',
		accountName: ' UBND XA THANH DUC '
	};

	it('takes a listed bank and keeps the name trimmed', () => {
		const r = validateFeeAccount(good);
		expect(r).toEqual({ ok: true, value: { ...good, accountName: 'UBND XA THANH DUC' } });
	});

	it('refuses a well-formed BIN that is not a bank of the list, on the bank field', () => {
		const r = validateFeeAccount({ ...good, bin: '970999' });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.issues.map((i) => [i.path, i.rule])).toEqual([['bin', 'vietqr.binNotListed']]);
		expect(r.issues[0].message.vi).toMatch(/ngân hàng/);
	});

	it('names each bad field with its rule, in Vietnamese too', () => {
		const r = validateFeeAccount({ bin: '97', accountNumber: '12-34', accountName: '' });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(Object.fromEntries(r.issues.map((i) => [i.path, i.rule]))).toEqual({
			bin: 'vietqr.bin',
			accountNumber: 'vietqr.account',
			accountName: 'vietqr.name'
		});
		expect(r.issues.every((i) => i.message.vi && i.message.vi !== i.message.en)).toBe(true);
	});

	it('refuses fields the account does not have, and a body that is not an object', () => {
		expect(validateFeeAccount({ ...good, note: 'x' }).ok).toBe(false);
		expect(validateFeeAccount([good]).ok).toBe(false);
		expect(validateFeeAccount(null).ok).toBe(false);
	});
});
