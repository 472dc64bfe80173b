import { BOM, csvField, REVIEW_VI } from '../export';
import { exportProperties } from './geojson';
import { captureMethodLabels, objectTypeLabels, type AddressPoint } from './point';

type Column = keyof ReturnType<typeof exportProperties>;

/** Vietnamese headers of the GeoJSON export's properties: a new property needs its header here. */
export const POINT_CSV_HEADERS: Readonly<Record<Column, string>> = {
	object_type: 'Loại địa điểm',
	name: 'Tên địa điểm',
	house_number: 'Số nhà',
	street: 'Đường, hẻm hoặc tổ',
	hamlet: 'Mã ấp',
	hamlet_name: 'Ấp/Thôn',
	commune: 'Mã xã',
	plus_code: 'Plus Code',
	accuracy_m: 'Độ chính xác (m)',
	samples: 'Số lần đo',
	method: 'Cách lấy vị trí',
	status: 'Trạng thái',
	official_code: 'Mã địa chỉ số chính thức',
	official_source: 'Hệ thống cấp mã',
	captured_at: 'Thời điểm ghi',
	captured_by: 'Người ghi'
};

const COLUMNS = Object.keys(POINT_CSV_HEADERS).filter((k): k is Column => k in POINT_CSV_HEADERS);

/**
 * The points as CSV for Excel: UTF-8 with a BOM, Vietnamese headers, the
 * GeoJSON export's properties after the id and position. Types, methods and
 * statuses are written in Vietnamese, as the residents' export does.
 */
export function pointsCsv(
	points: readonly AddressPoint[],
	hamletName: (id: string) => string = (id) => id
): string {
	const cell = (v: string | number | null) =>
		v === null ? '' : typeof v === 'number' ? String(v) : csvField(v);
	const head = ['Mã điểm', 'Kinh độ', 'Vĩ độ', ...COLUMNS.map((c) => POINT_CSV_HEADERS[c])];
	const rows = points.map((p) => {
		const props = exportProperties(p, hamletName);
		const shown = {
			...props,
			object_type: objectTypeLabels[p.objectType].vi,
			method: captureMethodLabels[p.method].vi,
			status: REVIEW_VI[props.status]
		};
		return [p.id, p.position.lng, p.position.lat, ...COLUMNS.map((c) => shown[c])]
			.map(cell)
			.join(',');
	});
	return BOM + [head.map(cell).join(','), ...rows].join('\r\n') + '\r\n';
}
