import { describe, expect, it } from 'vitest';
import { findSecretLike } from '../../../src/lib/domain/index.ts';

describe('findSecretLike', () => {
	it.each([
		'Mã OTP 482913',
		'otp: 4829',
		'Bà Tư đọc mã xác thực 73 91 05 cho em',
		'mã xác nhận là 55120077',
		'Ma xac thuc 739105 (nhap roi)',
		'123456 là OTP gửi về máy'
	])('refuses an OTP in %j', (text) => {
		expect(findSecretLike(text)).toBe('notes.otp');
	});

	it.each([
		'mật khẩu: Lan@1990',
		'mk la hoa123',
		'Pass = tuan2024',
		'Password: abc!def',
		'Anh Hùng đặt Tuan@2024x cho dễ nhớ'
	])('refuses a password in %j', (text) => {
		expect(findSecretLike(text)).toBe('notes.password');
	});

	it.each([
		'Chưa nhận được OTP, hẹn quay lại thứ Bảy',
		'Quên mật khẩu năm 2024, cần đặt lại trên ứng dụng',
		'OTP không về, gọi số 0912 345 678 của con trai',
		'Mật khẩu: đã hướng dẫn bà tự đặt, tổ không giữ',
		'Hẹn công an xã ngày 12/12/2026 lúc 08:30',
		'Nhà số 1234 gần chợ, có 4 người',
		'Pin điện thoại yếu, sạc dự phòng 10000mAh',
		'Email của chị: lan.nguyen90@gmail.com',
		''
	])('lets %j through', (text) => {
		expect(findSecretLike(text)).toBeUndefined();
	});
});
