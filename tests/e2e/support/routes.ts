/** Top-level routes of the app shell, each with the heading it shows in Vietnamese. */
export const TOP_ROUTES = [
	{ path: '/', heading: 'Trang chủ' },
	{ path: '/residents', heading: 'Cư dân' },
	{ path: '/dossiers', heading: 'Hồ sơ thủ tục' },
	{ path: '/addresses', heading: 'Địa chỉ số' },
	{ path: '/sync', heading: 'Đồng bộ' }
] as const;
