/**
 * Common banks' NAPAS BINs (the 6-digit acquirer id of a VietQR code), from
 * the State Bank of Vietnam's BIN list as republished in the subiz/vietqr
 * repository (`bank.csv`, with the SBV document `CV 1589 mã BIN` in its
 * `spec/`). A BIN missing here is a warning, not an error: banks merge and
 * new ones join.
 */
export interface Bank {
	bin: string;
	shortName: string;
	name: string;
}

export const napasBanks: readonly Bank[] = [
	{
		bin: '970405',
		shortName: 'Agribank',
		name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam'
	},
	{ bin: '970436', shortName: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
	{ bin: '970415', shortName: 'VietinBank', name: 'Ngân hàng TMCP Công thương Việt Nam' },
	{ bin: '970418', shortName: 'BIDV', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam' },
	{ bin: '970422', shortName: 'MB', name: 'Ngân hàng TMCP Quân đội' },
	{ bin: '970407', shortName: 'Techcombank', name: 'Ngân hàng TMCP Kỹ thương Việt Nam' },
	{ bin: '970416', shortName: 'ACB', name: 'Ngân hàng TMCP Á Châu' },
	{ bin: '970403', shortName: 'Sacombank', name: 'Ngân hàng TMCP Sài Gòn Thương Tín' },
	{ bin: '970432', shortName: 'VPBank', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng' },
	{ bin: '970423', shortName: 'TPBank', name: 'Ngân hàng TMCP Tiên Phong' },
	{
		bin: '970449',
		shortName: 'LPBank',
		name: 'Ngân hàng TMCP Lộc Phát Việt Nam (trước đây Bưu điện Liên Việt)'
	},
	{ bin: '970446', shortName: 'Co-opBank', name: 'Ngân hàng Hợp tác xã Việt Nam' },
	{ bin: '970443', shortName: 'SHB', name: 'Ngân hàng TMCP Sài Gòn - Hà Nội' },
	{ bin: '970437', shortName: 'HDBank', name: 'Ngân hàng TMCP Phát triển TP. Hồ Chí Minh' },
	{ bin: '970441', shortName: 'VIB', name: 'Ngân hàng TMCP Quốc tế Việt Nam' },
	{ bin: '970448', shortName: 'OCB', name: 'Ngân hàng TMCP Phương Đông' },
	{ bin: '970440', shortName: 'SeABank', name: 'Ngân hàng TMCP Đông Nam Á' },
	{ bin: '970426', shortName: 'MSB', name: 'Ngân hàng TMCP Hàng Hải Việt Nam' },
	{ bin: '970431', shortName: 'Eximbank', name: 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam' },
	{ bin: '970428', shortName: 'Nam A Bank', name: 'Ngân hàng TMCP Nam Á' },
	{ bin: '970452', shortName: 'KienlongBank', name: 'Ngân hàng TMCP Kiên Long' },
	{ bin: '970409', shortName: 'Bac A Bank', name: 'Ngân hàng TMCP Bắc Á' },
	{ bin: '970425', shortName: 'ABBANK', name: 'Ngân hàng TMCP An Bình' },
	{ bin: '970433', shortName: 'Vietbank', name: 'Ngân hàng TMCP Việt Nam Thương Tín' },
	{ bin: '970454', shortName: 'BVBank', name: 'Ngân hàng TMCP Bản Việt' },
	{ bin: '970412', shortName: 'PVcomBank', name: 'Ngân hàng TMCP Đại chúng Việt Nam' }
];

export function bankByBin(bin: string): Bank | undefined {
	return napasBanks.find((b) => b.bin === bin);
}
