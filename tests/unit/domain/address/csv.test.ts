import { describe, expect, it } from 'vitest';
import {
	exportProperties,
	POINT_CSV_HEADERS,
	pointsCsv
} from '../../../../src/lib/domain/address/index.ts';
import { parseCsv } from '../../../../sync-server/src/directory/csv.ts';
import { makeAddressPoint } from '../../../factories/address.ts';

const approved = makeAddressPoint({
	seed: 1,
	objectType: 'shop',
	name: 'Tạp hoá "Bảy", chợ',
	street: '=HYPERLINK("x")',
	review: { status: 'approved', notes: [], history: [] }
});
const placed = makeAddressPoint({ seed: 2, method: 'map_placed', gps: null, houseNumber: null });
const names = (id: string) => ({ 'ap-ben-cho': 'Ấp Bến Chò' })[id] ?? id;

describe('points CSV', () => {
	const csv = pointsCsv([approved, placed], names);
	const rows = parseCsv(csv);

	it('is UTF-8 for Excel: a BOM, Vietnamese headers, CRLF lines', () => {
		expect(csv.startsWith('\uFEFFMã điểm,Kinh độ,Vĩ độ,Loại địa điểm,Tên địa điểm,Số nhà,')).toBe(
			true
		);
		expect(csv.split('\r\n')).toHaveLength(4);
		expect(Object.keys(rows[0])).toHaveLength(3 + Object.keys(exportProperties(approved)).length);
	});

	it('has a header for every GeoJSON property and the same values', () => {
		expect(Object.keys(POINT_CSV_HEADERS).sort()).toEqual(
			Object.keys(exportProperties(approved)).sort()
		);
		expect(rows[0]).toMatchObject({
			'Mã điểm': approved.id,
			'Kinh độ': String(approved.position.lng),
			'Vĩ độ': String(approved.position.lat),
			'Loại địa điểm': 'Cửa hàng, cơ sở kinh doanh',
			'Tên địa điểm': 'Tạp hoá "Bảy", chợ',
			'Ấp/Thôn': 'Ấp Bến Chò',
			'Plus Code': approved.plusCode,
			'Độ chính xác (m)': String(approved.gps!.accuracyM),
			'Số lần đo': String(approved.gps!.samples),
			'Cách lấy vị trí': 'GPS, lấy trung bình',
			'Trạng thái': 'Đã duyệt',
			'Thời điểm ghi': approved.capturedAt,
			'Người ghi': approved.capturedBy
		});
	});

	it('leaves what is unknown empty and never lets Excel run a formula', () => {
		expect(rows[1]).toMatchObject({
			'Số nhà': '',
			'Độ chính xác (m)': '',
			'Số lần đo': '0',
			'Cách lấy vị trí': 'Chấm trên bản đồ',
			'Trạng thái': 'Nháp'
		});
		expect(rows[0]['Đường, hẻm hoặc tổ']).toBe(`'=HYPERLINK("x")`);
	});

	it('has only the header line when there are no points', () => {
		expect(parseCsv(pointsCsv([]))).toEqual([]);
		expect(pointsCsv([]).split('\r\n')).toEqual([csv.split('\r\n')[0], '']);
	});
});
