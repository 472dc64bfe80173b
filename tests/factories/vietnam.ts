/** Reference data for realistic test residents: Xã Thạnh Đức, Tây Ninh (commune code 25657). */
export const THANH_DUC = {
	commune: '25657',
	name: 'Xã Thạnh Đức',
	province: { code: '80', name: 'Tây Ninh' },
	/** Illustrative hamlets: there is no national hamlet list, each commune keeps its own. */
	hamlets: [
		{ id: 'ap-ben-cho', name: 'Ấp Bến Chò' },
		{ id: 'ap-bong-trang', name: 'Ấp Bông Trang' },
		{ id: 'ap-cau-sat', name: 'Ấp Cầu Sắt' },
		{ id: 'ap-thanh-hoa', name: 'Ấp Thạnh Hòa' },
		{ id: 'ap-tram-vang', name: 'Ấp Trâm Vàng' },
		{ id: 'ap-ben-dinh', name: 'Ấp Bến Đình' }
	]
} as const;

/** Rough national shares of family names, with southern names (Huỳnh, Võ) weighted up. */
export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
	['Nguyễn', 36],
	['Trần', 11],
	['Lê', 9],
	['Phạm', 6],
	['Huỳnh', 5],
	['Võ', 4],
	['Phan', 4],
	['Trương', 2],
	['Đặng', 2],
	['Bùi', 2],
	['Đỗ', 1.5],
	['Hồ', 1.5],
	['Ngô', 1.3],
	['Dương', 1],
	['Lý', 1],
	['Hoàng', 1],
	['Vũ', 0.8],
	['Châu', 0.8],
	['Đoàn', 0.7],
	['Tô', 0.5],
	['Thái', 0.5],
	['Lâm', 0.5],
	['Mai', 0.5]
];

export const MIDDLE_NAMES = {
	male: [
		['Văn', 45],
		['Minh', 12],
		['Hữu', 8],
		['Thanh', 8],
		['Quốc', 6],
		['Đức', 5],
		['Công', 5],
		['Hoàng', 4],
		['Tấn', 4],
		['Gia', 3]
	],
	female: [
		['Thị', 55],
		['Ngọc', 10],
		['Thanh', 6],
		['Kim', 6],
		['Thu', 5],
		['Mỹ', 5],
		['Bích', 4],
		['Hồng', 4],
		['Bảo', 3],
		['Phương', 2]
	]
} as const satisfies Record<string, readonly (readonly [string, number])[]>;

export const GIVEN_NAMES = {
	male: [
		'Hùng',
		'Dũng',
		'Tuấn',
		'Phúc',
		'Long',
		'Nam',
		'Tài',
		'Lộc',
		'Hải',
		'Sơn',
		'Thành',
		'Tâm',
		'Khang',
		'Bảo',
		'Huy',
		'Phong',
		'Trung',
		'Hiếu',
		'Quang',
		'Vinh',
		'Đạt',
		'Thắng',
		'Nghĩa',
		'Toàn',
		'Khoa',
		'An',
		'Minh',
		'Hậu',
		'Lợi',
		'Sang',
		'Tùng',
		'Kiệt',
		'Thịnh',
		'Đông'
	],
	female: [
		'Lan',
		'Hoa',
		'Hương',
		'Mai',
		'Thảo',
		'Linh',
		'Ngọc',
		'Trang',
		'Hằng',
		'Nhung',
		'Yến',
		'Vy',
		'Trinh',
		'Thủy',
		'Diễm',
		'Hạnh',
		'Loan',
		'Phượng',
		'Tuyết',
		'Nga',
		'Hồng',
		'Thu',
		'Anh',
		'Duyên',
		'Nhi',
		'Trâm',
		'Quyên',
		'Liên',
		'Oanh',
		'Xuân',
		'Cúc',
		'Đào',
		'Ánh',
		'My'
	]
} as const;

/** Birth-registration provinces of people living in Tây Ninh today (CCCD codes). */
export const BIRTH_PROVINCES: readonly (readonly [string, number])[] = [
	['072', 80],
	['080', 6],
	['079', 5],
	['070', 3],
	['074', 2],
	['083', 1],
	['082', 1],
	['040', 1],
	['038', 1]
];

/** Tây Ninh is mostly Kinh, with Khmer, Hoa and Cham communities. */
export const ETHNICITY_WEIGHTS: readonly (readonly [string, number])[] = [
	['01', 93],
	['05', 3.5],
	['04', 2],
	['17', 1],
	['08', 0.5]
];

export const MOBILE_PREFIXES = [
	'32',
	'33',
	'34',
	'35',
	'36',
	'37',
	'38',
	'39',
	'52',
	'56',
	'58',
	'59',
	'70',
	'76',
	'77',
	'78',
	'79',
	'81',
	'82',
	'83',
	'84',
	'85',
	'86',
	'88',
	'89',
	'90',
	'91',
	'93',
	'94',
	'96',
	'97',
	'98',
	'99'
] as const;

export const STREETS = [
	'Đường tỉnh 782',
	'Đường tỉnh 784',
	'Quốc lộ 22B',
	'Hẻm 1',
	'Hẻm 3',
	'Hẻm 5',
	'Hẻm 12',
	'Tổ 2',
	'Tổ 4',
	'Tổ 7',
	'Đường Bến Chò',
	'Đường Trâm Vàng'
] as const;
