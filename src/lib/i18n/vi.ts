/** Vietnamese is the source language: every key starts here. */
export const vi = {
	'app.name': 'Trạm Số',
	'app.tagline': 'Tổ công nghệ số cộng đồng',
	'nav.main': 'Điều hướng chính',
	'nav.home': 'Trang chủ',
	'nav.residents': 'Cư dân',
	'nav.dossiers': 'Hồ sơ',
	'nav.addresses': 'Địa chỉ số',
	'nav.sync': 'Đồng bộ',
	'lang.label': 'Ngôn ngữ',
	'lang.switchTo': 'Switch to English',
	'lang.short': 'EN',
	'net.online': 'Có mạng',
	'net.offline': 'Ngoại tuyến',
	'net.state': 'Trạng thái kết nối: {state}',
	'home.title': 'Trang chủ',
	'home.intro':
		'Ghi nhận cư dân, hỗ trợ tài khoản định danh điện tử, nộp hồ sơ và địa chỉ số — cả khi không có mạng.',
	'home.today': 'Hôm nay là {date}',
	'home.offlineReady': 'Ứng dụng đã sẵn sàng dùng khi không có mạng.',
	'home.offlinePending': 'Đang chuẩn bị để dùng khi không có mạng…',
	'residents.title': 'Cư dân',
	'residents.empty': 'Chưa có cư dân nào trên máy này.',
	'dossiers.title': 'Hồ sơ thủ tục',
	'dossiers.empty': 'Chưa có hồ sơ nào trên máy này.',
	'addresses.title': 'Địa chỉ số',
	'addresses.empty': 'Chưa có điểm địa chỉ số nào trên máy này.',
	'sync.title': 'Đồng bộ',
	'sync.notSignedIn': 'Chưa đăng nhập: dữ liệu chỉ được lưu trên máy này.',
	'notFound.title': 'Không tìm thấy trang',
	'notFound.back': 'Về trang chủ',
	'error.title': 'Đã có lỗi xảy ra'
} as const;

export type MessageKey = keyof typeof vi;
