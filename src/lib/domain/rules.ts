import { refusalTexts } from './refusals';

/**
 * Bilingual texts for domain rules. Schemas put a key of this table in their
 * custom error (add new keys here); `validation.ts` turns it into `{ en, vi }`
 * for the UI and the server's refusals. Zod's own locales cover generic rules.
 */
const fieldRuleTexts = {
	'commune.format': { en: 'must be a 5-digit commune code', vi: 'phải là mã xã gồm 5 chữ số' },
	'province.format': { en: 'must be a 2-digit province code', vi: 'phải là mã tỉnh gồm 2 chữ số' },
	'hamlet.format': {
		en: 'must be a hamlet id (lowercase letters, digits, dashes)',
		vi: 'phải là mã ấp/thôn (chữ thường, chữ số, dấu gạch ngang)'
	},
	'username.format': {
		en: 'must be 3-40 lowercase letters, digits or . _ -',
		vi: 'phải gồm 3-40 chữ thường, chữ số hoặc . _ -'
	},
	'id.format': {
		en: 'must be letters, digits or : . _ - (at most 128)',
		vi: 'chỉ gồm chữ, chữ số hoặc : . _ - (tối đa 128 ký tự)'
	},
	'schemaVersion.unknown': {
		en: 'unknown schema version for this record type',
		vi: 'phiên bản dữ liệu không được hỗ trợ cho loại hồ sơ này'
	},
	'collection.unknown': { en: 'unknown record type', vi: 'loại hồ sơ không xác định' },
	'name.required': { en: 'Enter the full name', vi: 'Vui lòng nhập họ và tên' },
	'name.tooLong': {
		en: 'The name is too long (at most 100 characters)',
		vi: 'Họ tên quá dài (tối đa 100 ký tự)'
	},
	'name.digits': {
		en: 'A name cannot contain digits: write it as on the ID card',
		vi: 'Họ tên không được có chữ số. Hãy ghi đúng như trên thẻ căn cước'
	},
	'dob.future': {
		en: 'The date of birth is in the future',
		vi: 'Ngày sinh không thể sau ngày hôm nay'
	},
	'dob.tooOld': {
		en: 'The date of birth is before 1900',
		vi: 'Ngày sinh không thể trước năm 1900'
	},
	'residency.future': {
		en: 'The day cannot be after today',
		vi: 'Ngày này không thể sau hôm nay'
	},
	'residency.removedHoldsData': {
		en: 'A member removed by mistake keeps only the name and the reason',
		vi: 'Thành viên đã xoá vì nhập nhầm chỉ giữ tên và lý do'
	},
	'residency.beforeBirth': {
		en: 'The day cannot be before the date of birth',
		vi: 'Ngày này không thể trước ngày sinh'
	},
	'cccd.digits': {
		en: 'The CCCD number may contain digits only',
		vi: 'Số CCCD chỉ được gồm chữ số'
	},
	'cccd.length': {
		en: 'The CCCD number must have exactly 12 digits',
		vi: 'Số CCCD phải gồm đúng 12 chữ số'
	},
	'cccd.birthYearMismatch': {
		en: 'The birth year in the CCCD number differs from the date of birth: check the card, then fix or confirm',
		vi: 'Năm sinh trong số CCCD không khớp với ngày sinh. Xem lại thẻ rồi sửa, hoặc xác nhận là đúng'
	},
	'cccd.sexMismatch': {
		en: 'The sex digit in the CCCD number differs from the sex entered: check the card, then fix or confirm',
		vi: 'Giới tính trong số CCCD không khớp với giới tính đã chọn. Xem lại thẻ rồi sửa, hoặc xác nhận là đúng'
	},
	'cccd.unknownProvince': {
		en: 'The first 3 digits are not a known province code (possible for births abroad): check the card',
		vi: '3 số đầu không phải mã tỉnh quen thuộc (có thể do sinh ở nước ngoài). Vui lòng xem lại thẻ'
	},
	'cccd.duplicate': {
		en: 'This CCCD number is already recorded for another resident',
		vi: 'Số CCCD này đã có ở một người dân khác'
	},
	'cmnd.digits': {
		en: 'The old CMND number must have exactly 9 digits',
		vi: 'Số CMND cũ phải gồm đúng 9 chữ số'
	},
	'phone.e164': {
		en: 'Must be a Vietnamese mobile number stored as +84 and 9 digits',
		vi: 'Số điện thoại di động không hợp lệ'
	},
	'phone.characters': {
		en: 'The phone number may contain digits, spaces, dots, dashes and a leading + only',
		vi: 'Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, dấu gạch)'
	},
	'phone.length': {
		en: 'A mobile number has 10 digits starting with 0 (or +84 and 9 digits)',
		vi: 'Số di động phải có 10 chữ số, bắt đầu bằng số 0'
	},
	'phone.prefix': {
		en: 'This is not a Vietnamese mobile prefix (e.g. 03x, 05x, 07x, 08x, 09x)',
		vi: 'Đầu số này không phải số di động Việt Nam (ví dụ 03x, 05x, 07x, 08x, 09x)'
	},
	'phone.shared': {
		en: "This number is already recorded for someone else; a VNeID account needs a SIM in the resident's own name",
		vi: 'Số điện thoại này đã ghi cho người khác. Tài khoản VNeID cần SIM đứng tên chính người dân'
	},
	'ethnicity.unknown': {
		en: 'Choose an ethnic group from the list',
		vi: 'Vui lòng chọn dân tộc trong danh sách'
	},
	'notes.otp': {
		en: "this looks like an OTP code: never write down a resident's OTP. Remove the code",
		vi: 'Có vẻ đây là mã OTP. Không được ghi lại mã OTP của người dân, vui lòng xoá mã này'
	},
	'notes.password': {
		en: "this looks like a password: never write down a resident's password. Remove it",
		vi: 'Có vẻ đây là mật khẩu. Không được ghi lại mật khẩu của người dân, vui lòng xoá'
	},
	'consent.signatureRequired': {
		en: 'The resident must sign on the screen',
		vi: 'Người dân cần ký trên màn hình'
	},
	'consent.witnessRequired': {
		en: 'Enter the name of the witness of the verbal consent',
		vi: 'Vui lòng ghi tên người làm chứng khi người dân đồng ý bằng lời'
	},
	'consent.withdrawnBeforeGiven': {
		en: 'A consent cannot be withdrawn before it was given',
		vi: 'Thời điểm rút đồng ý không thể trước thời điểm đồng ý'
	},
	'consent.requiredForField': {
		en: 'The resident has not agreed to share this information: take their consent first or leave it empty',
		vi: 'Người dân chưa đồng ý cung cấp thông tin này. Hãy xin đồng ý trước, hoặc để trống'
	},
	'consent.eserviceRequired': {
		en: "account help needs the resident's consent for e-service account help",
		vi: 'Cần người dân đồng ý cho hỗ trợ tài khoản dịch vụ công trước khi ghi thông tin này'
	},
	'consent.representativeRequired': {
		en: 'For a child under 16, a parent or guardian gives the consent: enter their name',
		vi: 'Trẻ dưới 16 tuổi thì cha, mẹ hoặc người giám hộ đồng ý thay. Vui lòng ghi tên người đó'
	},
	'consent.duplicateActive': {
		en: 'Only one active consent per purpose',
		vi: 'Mỗi mục đích chỉ có một sự đồng ý đang hiệu lực'
	},
	'account.activatedOnMissing': {
		en: 'Choose the day the account was activated',
		vi: 'Vui lòng chọn ngày kích hoạt'
	},
	'account.activatedFuture': {
		en: 'The activation day cannot be after today',
		vi: 'Ngày kích hoạt không thể sau hôm nay'
	},
	'account.appointmentMissing': {
		en: 'Choose the day booked at the commune police',
		vi: 'Vui lòng chọn ngày hẹn tại Công an xã'
	},
	'account.completedOnInvalid': {
		en: 'Choose a valid day, or leave it empty until level 2 is done',
		vi: 'Vui lòng chọn một ngày hợp lệ, hoặc để trống nếu chưa xong mức 2'
	},
	'account.completedFuture': {
		en: 'The day level 2 was completed cannot be after today',
		vi: 'Ngày hoàn thành mức 2 không thể sau hôm nay'
	},
	'account.followUpInvalid': {
		en: 'Choose a valid day for the next visit, or leave it empty',
		vi: 'Vui lòng chọn một ngày hợp lệ để quay lại, hoặc để trống'
	},
	'account.followUpPast': {
		en: 'This day has already passed: choose today or a later day to come back',
		vi: 'Ngày này đã qua. Hãy chọn hôm nay hoặc một ngày sau để quay lại'
	},
	'account.level1WithoutOwnSim': {
		en: "A level 1 account needs a SIM in the resident's own name, but the SIM is marked as not theirs: check, then fix or confirm",
		vi: 'Tài khoản mức 1 cần SIM đứng tên chính người dân, nhưng đã ghi SIM không chính chủ. Kiểm tra lại rồi sửa, hoặc xác nhận là đúng'
	},
	'account.level1WithoutChipCard': {
		en: 'A level 1 account needs a chip ID card, but the resident is marked as not having one: check, then fix or confirm',
		vi: 'Tài khoản mức 1 cần thẻ căn cước gắn chip, nhưng đã ghi là chưa có thẻ. Kiểm tra lại rồi sửa, hoặc xác nhận là đúng'
	},
	'account.level1WithoutNfc': {
		en: 'Level 1 on the own phone needs NFC to read the card, but the phone is marked as without NFC: check, then fix or confirm',
		vi: 'Kích hoạt mức 1 trên điện thoại cần NFC để đọc thẻ, nhưng đã ghi điện thoại không có NFC. Kiểm tra lại rồi sửa, hoặc xác nhận là đúng'
	},
	'account.otherReasonDetail': {
		en: 'Describe the reason in a few words',
		vi: 'Vui lòng ghi ngắn gọn lý do'
	},
	'record.unknownField': {
		en: 'This field is not part of the record and cannot be saved',
		vi: 'Trường thông tin này không có trong hồ sơ nên không thể lưu'
	},
	'household.noHead': {
		en: 'No member is marked as head of household',
		vi: 'Hộ chưa có người nào là chủ hộ'
	},
	'household.manyHeads': {
		en: 'Only one member can be head of household',
		vi: 'Mỗi hộ chỉ có một chủ hộ'
	},
	'household.headMismatch': {
		en: 'The head of household is not a member marked as head',
		vi: 'Chủ hộ đã chọn không phải là thành viên được ghi là chủ hộ'
	},
	'household.memberHamlet': {
		en: "All members must live in the household's hamlet",
		vi: 'Các thành viên phải cùng ấp/thôn với hộ'
	},
	'household.blank': {
		en: 'No house number, street or note: this household will be hard to find again. Add a street, alley or group, or a note such as "next to the market"',
		vi: 'Chưa có số nhà, đường hay ghi chú: sau này sẽ khó tìm lại hộ này. Hãy ghi đường, hẻm, tổ hoặc một ghi chú (ví dụ: gần chợ)'
	},
	'household.headExists': {
		en: 'The household already has a head',
		vi: 'Hộ đã có chủ hộ'
	},
	'correction.reasonRequired': {
		en: 'Say why this member is removed (at least a few words)',
		vi: 'Vui lòng ghi lý do xoá thành viên này (vài chữ)'
	},
	'correction.target': {
		en: 'Choose the household',
		vi: 'Vui lòng chọn hộ'
	},
	'correction.sameHousehold': {
		en: 'Choose another household than this one',
		vi: 'Vui lòng chọn một hộ khác với hộ này'
	},
	'correction.crossHamlet': {
		en: 'Only the commune office can move people to a household of another hamlet',
		vi: 'Chỉ cán bộ xã mới chuyển được người sang hộ ở ấp khác'
	},
	'correction.removeApproved': {
		en: 'The commune approved this record: mark the person as moved away or deceased, or ask the commune office to remove it',
		vi: 'Hồ sơ này đã được xã duyệt: hãy đánh dấu đã chuyển đi hoặc đã mất, hoặc đề nghị cán bộ xã xoá'
	},
	'correction.householdNotEmpty': {
		en: 'People are recorded in this household: move or remove them first, or merge it into another household',
		vi: 'Hộ này còn người được ghi nhận: hãy chuyển hoặc xoá họ trước, hoặc gộp hộ vào hộ khác'
	},
	'heartbeat.pending': {
		en: 'counts waiting records for at most 20 record types',
		vi: 'chỉ đếm hồ sơ chờ gửi của tối đa 20 loại hồ sơ'
	},
	'household.houseNumber': {
		en: 'The house number must have 1 to 20 characters',
		vi: 'Số nhà phải có từ 1 đến 20 ký tự'
	},
	'address.plusCodeFormat': {
		en: 'The Plus Code must have 8 characters, +, then 3 characters',
		vi: 'Plus Code phải gồm 8 ký tự, dấu +, rồi 3 ký tự'
	},
	'address.plusCodeMismatch': {
		en: 'The Plus Code does not match the position of the point',
		vi: 'Plus Code không khớp với vị trí của điểm'
	},
	'address.gpsReading': {
		en: 'A point from GPS keeps its GPS reading; a point placed on the map has none',
		vi: 'Điểm lấy bằng GPS phải có số đo GPS; điểm chấm trên bản đồ thì không có'
	},
	'address.gpsPosition': {
		en: 'The point is not where the GPS reading is, yet it was not moved on the map',
		vi: 'Vị trí điểm khác số đo GPS nhưng không được ghi là đã chỉnh trên bản đồ'
	},
	'address.gpsSamples': {
		en: 'A single GPS reading has one sample; an averaged one has several',
		vi: 'Đo GPS một lần thì có 1 mẫu; lấy trung bình thì có nhiều mẫu'
	},
	'address.officialCode': {
		en: 'The official digital-address code must have 1 to 40 characters',
		vi: 'Mã địa chỉ số chính thức phải có từ 1 đến 40 ký tự'
	},
	'address.officialSource': {
		en: 'Say which system issued the official code',
		vi: 'Vui lòng ghi hệ thống đã cấp mã địa chỉ số'
	},
	'address.photoHash': {
		en: 'The photo reference is not valid',
		vi: 'Tham chiếu ảnh không hợp lệ'
	},
	'address.consentPurpose': {
		en: 'The consent attached to a point must be for the digital address',
		vi: 'Sự đồng ý gắn với điểm phải là đồng ý cho mục đích địa chỉ số'
	},
	'address.consentRequired': {
		en: "Linking the point to a household needs the household's consent for the digital address",
		vi: 'Cần hộ gia đình đồng ý cho mục đích địa chỉ số trước khi gắn điểm với hộ'
	},
	'address.confirmedTwice': {
		en: 'A warning is confirmed only once',
		vi: 'Mỗi cảnh báo chỉ xác nhận một lần'
	},
	'address.accuracyLow': {
		en: 'The GPS reading is not precise: stand outside, near the door of the house, and wait a little',
		vi: 'Vị trí GPS chưa chính xác. Hãy đứng ngoài trời, gần cửa nhà và chờ thêm một chút'
	},
	'address.outsideCommune': {
		en: 'This point is outside the commune boundary: check the position, then confirm',
		vi: 'Điểm này nằm ngoài ranh giới xã. Xem lại vị trí rồi xác nhận'
	},
	'address.nearDuplicate': {
		en: 'Another point of the hamlet is within a few metres: check it is not the same place',
		vi: 'Có điểm khác của ấp cách vài mét. Xem lại để tránh trùng'
	},
	'address.duplicateConfirm': {
		en: 'A point very close by or with the same house number exists: check it, then confirm this is another place',
		vi: 'Đã có điểm rất gần hoặc cùng số nhà. Xem lại rồi xác nhận đây là địa điểm khác'
	},
	'import.notCollection': {
		en: 'The file is not a GeoJSON FeatureCollection',
		vi: 'Tệp không phải GeoJSON dạng FeatureCollection'
	},
	'import.tooMany': {
		en: 'The file has more than 50,000 points: split it into smaller files',
		vi: 'Tệp có hơn 50.000 điểm. Vui lòng chia thành các tệp nhỏ hơn'
	},
	'import.notFeature': {
		en: 'This entry is not a GeoJSON Feature',
		vi: 'Mục này không phải Feature GeoJSON'
	},
	'import.notPoint': {
		en: 'The geometry is not a Point',
		vi: 'Hình học không phải là điểm (Point)'
	},
	'import.coordinates': {
		en: 'The coordinates are not a longitude and a latitude in degrees',
		vi: 'Toạ độ không phải kinh độ và vĩ độ (độ)'
	},
	'import.swapped': {
		en: 'Latitude and longitude look swapped: GeoJSON writes [longitude, latitude]',
		vi: 'Kinh độ và vĩ độ có vẻ bị đảo. GeoJSON ghi [kinh độ, vĩ độ]'
	},
	'import.outsideCommune': {
		en: 'The point is outside the commune boundary',
		vi: 'Điểm nằm ngoài ranh giới xã'
	},
	'import.duplicateId': {
		en: 'Another feature of the file has the same id',
		vi: 'Một điểm khác trong tệp có cùng mã (id)'
	},
	'import.hamlet': {
		en: 'The hamlet is missing or not one of the commune',
		vi: 'Thiếu ấp/thôn, hoặc ấp/thôn không thuộc xã'
	},
	'import.tooLarge': {
		en: 'The file is larger than 5 MB: split it into smaller files',
		vi: 'Tệp lớn hơn 5 MB. Vui lòng chia thành các tệp nhỏ hơn'
	},
	'import.notJson': {
		en: 'The file is not GeoJSON (it cannot be read as JSON)',
		vi: 'Tệp không phải GeoJSON (không đọc được dạng JSON)'
	},
	'import.nearDuplicate': {
		en: 'A point within a few metres, or with the same house number, is already there',
		vi: 'Đã có điểm cách vài mét hoặc cùng số nhà'
	},
	'import.objectType': {
		en: 'Unknown object type (house, shop, office, school, health_station, worship, public_place, other)',
		vi: 'Loại địa điểm không hợp lệ (house, shop, office, school, health_station, worship, public_place, other)'
	}
} as const satisfies Record<string, { en: string; vi: string }>;

/** Field rules and whole-document refusals: one table, so rule ids are one union on server and device. */
export const ruleTexts = { ...fieldRuleTexts, ...refusalTexts } as const;

export type RuleKey = keyof typeof ruleTexts;
export type Bilingual = { en: string; vi: string };

export function ruleText(key: string): Bilingual | undefined {
	return Object.hasOwn(ruleTexts, key) ? ruleTexts[key as RuleKey] : undefined;
}
