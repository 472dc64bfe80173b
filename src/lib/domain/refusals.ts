/**
 * Bilingual texts of the rules the sync server applies to a whole document
 * as it arrives (shape, revisions, scope, workflow). Field rules live in
 * `rules.ts`; both tables form the one `RuleKey` union.
 */
export const refusalTexts = {
	'doc.object': { en: 'document must be a JSON object', vi: 'tài liệu phải là đối tượng JSON' },
	'doc.tooLarge': {
		en: 'document is larger than this record type allows',
		vi: 'tài liệu vượt quá dung lượng cho phép của loại hồ sơ này'
	},
	'id.reserved': {
		en: 'must be a record id (design and local documents are not accepted)',
		vi: 'phải là mã hồ sơ hợp lệ (không nhận tài liệu thiết kế hoặc tài liệu cục bộ)'
	},
	'id.match': { en: 'must equal _id', vi: 'phải trùng với _id' },
	'field.reserved': { en: 'field is not accepted', vi: 'trường này không được chấp nhận' },
	'attachments.notAllowed': {
		en: 'this record type takes no attachments',
		vi: 'loại hồ sơ này không nhận tệp đính kèm'
	},
	'attachments.type': {
		en: 'this type of file is not accepted for this record type',
		vi: 'loại tệp này không được nhận cho loại hồ sơ này'
	},
	'attachments.size': {
		en: 'the file is larger than this record type allows',
		vi: 'tệp lớn hơn mức cho phép của loại hồ sơ này'
	},
	'attachments.format': {
		en: 'must be {content_type, data} with base64 data, or a stub of an attachment already stored',
		vi: 'tệp đính kèm không đúng định dạng'
	},
	'photo.type': {
		en: 'a document photo must be a JPEG image',
		vi: 'ảnh giấy tờ phải là ảnh JPEG'
	},
	'photo.size': {
		en: 'the photo is larger than the server accepts',
		vi: 'ảnh lớn hơn mức máy chủ nhận'
	},
	'photo.hash': {
		en: 'the photo does not match its content hash (damaged on the way)',
		vi: 'ảnh không khớp mã kiểm tra (bị hỏng khi gửi)'
	},
	'photo.dossier': {
		en: 'the record of this photo is not on the server yet',
		vi: 'hồ sơ hoặc điểm địa chỉ của ảnh này chưa có trên máy chủ'
	},
	'photo.unreferenced': {
		en: 'the record on the server does not name this photo yet',
		vi: 'bản trên máy chủ chưa có ảnh này'
	},
	'delete.unknown': {
		en: 'cannot delete a record the server does not have',
		vi: 'không thể xóa hồ sơ mà máy chủ không có'
	},
	'delete.fields': {
		en: 'a deletion carries only _id, _rev, _deleted, updatedBy and updatedAt',
		vi: 'bản ghi xóa chỉ được gồm _id, _rev, _deleted, updatedBy và updatedAt'
	},
	'record.erased': {
		en: 'this record was erased at the resident’s request and cannot be written again',
		vi: 'hồ sơ này đã bị xóa theo yêu cầu của người dân, không thể ghi lại'
	},
	'hamlet.unknown': {
		en: 'is not a hamlet of the commune of this database',
		vi: 'không phải ấp/thôn của xã thuộc cơ sở dữ liệu này'
	},
	'commune.database': {
		en: 'must be the commune of this database',
		vi: 'phải là mã xã của cơ sở dữ liệu này'
	},
	'rev.format': {
		en: 'must be a revision: a generation, a dash and 32 hexadecimal digits',
		vi: 'mã phiên bản (_rev) không hợp lệ'
	},
	'rev.required': {
		en: 'a replicated revision (new_edits=false) needs its _rev',
		vi: 'bản sao chép (new_edits=false) phải có _rev'
	},
	'revisions.format': {
		en: 'must be {start, ids}: start the generation of _rev, ids[0] its hash, at most start ids',
		vi: 'lịch sử phiên bản (_revisions) không hợp lệ'
	},
	'conflicts.format': {
		en: 'must be a list of revisions',
		vi: 'danh sách phiên bản xung đột (_conflicts) không hợp lệ'
	},
	'conflict.tooLarge': {
		en: 'a value kept from a conflicting edit is too large',
		vi: 'giá trị giữ lại từ lần sửa xung đột quá lớn'
	},
	'schemaVersion.migration': {
		en: 'this older version breaks the current rules once brought up to date',
		vi: 'hồ sơ phiên bản cũ không đạt các quy định hiện hành sau khi chuyển đổi'
	},
	'policy.commune': {
		en: 'record belongs to another commune',
		vi: 'hồ sơ thuộc xã/phường khác'
	},
	'policy.hamlet': {
		en: 'record belongs to a hamlet not assigned to you',
		vi: 'hồ sơ thuộc ấp/thôn không được phân công cho bạn'
	},
	'policy.own': {
		en: 'record belongs to another user',
		vi: 'hồ sơ thuộc người dùng khác'
	},
	'policy.role': {
		en: 'your role may not write this record type',
		vi: 'vai trò của bạn không được ghi loại hồ sơ này'
	},
	'policy.createdBy': {
		en: 'createdBy cannot change',
		vi: 'không được thay đổi người tạo'
	},
	'policy.creator': {
		en: 'createdBy must be the signed-in user',
		vi: 'người tạo phải là người đang đăng nhập'
	},
	'policy.updatedBy': {
		en: 'updatedBy must be the signed-in user',
		vi: 'người cập nhật phải là người đang đăng nhập'
	},
	'policy.user': {
		en: 'must be the signed-in user',
		vi: 'phải là người đang đăng nhập'
	},
	'policy.review': {
		en: 'only officials may approve or return a record',
		vi: 'chỉ cán bộ xã mới được duyệt hoặc trả lại hồ sơ'
	},
	'policy.history': {
		en: 'review history only grows: earlier entries cannot change or go',
		vi: 'lịch sử duyệt chỉ được thêm, không được sửa hoặc xóa mục cũ'
	},
	'policy.historyEntry': {
		en: 'you may only add submit or resubmit entries in your own name',
		vi: 'bạn chỉ được thêm mục gửi hoặc gửi lại đứng tên chính mình'
	},
	'policy.reviewer': {
		en: 'review entries and notes must be in the name of the signed-in user',
		vi: 'mục duyệt và ghi chú phải đứng tên người đang đăng nhập'
	},
	'policy.notes': {
		en: 'only officials add review notes',
		vi: 'chỉ cán bộ xã mới được thêm ghi chú duyệt'
	},
	'policy.approvedEdit': {
		en: 'an edit of an approved record goes back for review: its status must leave approved',
		vi: 'sửa hồ sơ đã duyệt thì hồ sơ phải được duyệt lại: không được giữ trạng thái đã duyệt'
	}
} as const satisfies Record<string, { en: string; vi: string }>;

export type RefusalRule = keyof typeof refusalTexts;
export type PolicyRule = Extract<RefusalRule, `policy.${string}`>;
