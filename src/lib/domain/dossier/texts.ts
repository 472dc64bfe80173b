import type { z } from 'zod';
import type { Bilingual } from '../rules';
import { describeIssue, type FieldIssue, type Validated } from '../validation';

/**
 * Bilingual texts of the dossier rules: forms, catalogue, dossier record,
 * calendar and VietQR. Kept beside `rules.ts` (same shape) so that this
 * feature's keys live with the feature.
 */
export const dossierTexts = {
	'form.required': { en: 'This question must be answered', vi: 'Vui lòng trả lời câu hỏi này' },
	'form.type': {
		en: 'The answer has the wrong kind of value',
		vi: 'Câu trả lời không đúng kiểu dữ liệu'
	},
	'form.tooLong': { en: 'The answer is too long', vi: 'Câu trả lời quá dài' },
	'form.number': { en: 'Enter a number', vi: 'Vui lòng nhập một số' },
	'form.integer': { en: 'Enter a whole number', vi: 'Vui lòng nhập số nguyên' },
	'form.date': { en: 'Enter a valid date', vi: 'Vui lòng nhập ngày hợp lệ' },
	'form.choice': {
		en: 'Choose an answer from the list',
		vi: 'Vui lòng chọn một mục trong danh sách'
	},
	'form.choiceTwice': { en: 'The same answer is chosen twice', vi: 'Một lựa chọn bị chọn hai lần' },
	'form.residentUnknown': {
		en: 'Pick a member of the household',
		vi: 'Vui lòng chọn một thành viên trong hộ'
	},
	'form.residentFilter': {
		en: 'The person picked does not look right for this question (sex or age): check',
		vi: 'Người được chọn có vẻ không phù hợp (giới tính hoặc tuổi). Vui lòng kiểm tra lại'
	},
	'form.photo': { en: 'Not a photo of this dossier', vi: 'Ảnh không thuộc hồ sơ này' },
	'form.photoCount': {
		en: 'The number of photos is outside what this question needs',
		vi: 'Số ảnh chưa đúng với yêu cầu'
	},
	'form.repeatCount': {
		en: 'The number of entries is outside what this question needs',
		vi: 'Số mục chưa đúng với yêu cầu'
	},
	'form.unknownField': {
		en: 'This answer is not part of the form and cannot be saved',
		vi: 'Câu trả lời này không có trong tờ khai nên không thể lưu'
	},
	'form.tooBig': {
		en: 'The answers are too large to save (too deep or too long)',
		vi: 'Dữ liệu tờ khai quá lớn, không thể lưu'
	},
	'form.id': {
		en: 'must be a field id (camelCase letters and digits, at most 40)',
		vi: 'phải là mã trường (chữ và số, viết liền, tối đa 40 ký tự)'
	},
	'form.path': {
		en: 'must be a dotted path of field ids',
		vi: 'phải là đường dẫn mã trường, ngăn bằng dấu chấm'
	},
	'form.choiceValue': {
		en: 'must be a choice value (letters, digits, _ or -, starting lowercase)',
		vi: 'phải là giá trị lựa chọn (chữ, chữ số, _ hoặc -, bắt đầu bằng chữ thường)'
	},
	'form.choicesOrList': {
		en: 'a choice question needs either its choices or a list name, not both',
		vi: 'câu hỏi lựa chọn cần danh sách lựa chọn hoặc tên danh sách (chỉ một trong hai)'
	},
	'form.conditionDepth': {
		en: 'the condition is nested too deeply (at most 6 levels)',
		vi: 'điều kiện lồng nhau quá sâu (tối đa 6 cấp)'
	},
	'catalogue.procedureCode': {
		en: 'must be a procedure code (lowercase letters, digits and dashes)',
		vi: 'phải là mã thủ tục (chữ thường, chữ số và dấu gạch ngang)'
	},
	'catalogue.duplicateCode': {
		en: 'two procedures have this code',
		vi: 'có hai thủ tục trùng mã này'
	},
	'catalogue.duplicateId': {
		en: 'two entries at the same level have this id',
		vi: 'có hai mục cùng cấp trùng mã này'
	},
	'catalogue.unknownField': {
		en: 'refers to a question that is not in the form (or not reachable from here)',
		vi: 'tham chiếu đến câu hỏi không có trong tờ khai (hoặc không dùng được ở vị trí này)'
	},
	'catalogue.fieldKind': {
		en: 'refers to a question of the wrong kind',
		vi: 'tham chiếu đến câu hỏi không đúng loại'
	},
	'catalogue.unknownList': { en: 'unknown choice list', vi: 'không có danh sách lựa chọn này' },
	'catalogue.constraintKind': {
		en: 'this constraint does not apply to this kind of question',
		vi: 'ràng buộc này không áp dụng cho loại câu hỏi này'
	},
	'catalogue.minMax': { en: 'min is greater than max', vi: 'giá trị tối thiểu lớn hơn tối đa' },
	'catalogue.unknownComponent': {
		en: 'the bundle names a procedure that is not in the catalogue, or another bundle',
		vi: 'nhóm liên thông có thủ tục thành phần không có trong danh mục hoặc là nhóm liên thông khác'
	},
	'catalogue.idCardPhoto': {
		en: 'citizen-ID cards are shown, never photographed: set photos.max to 0',
		vi: 'thẻ căn cước chỉ xuất trình, không chụp ảnh: đặt photos.max bằng 0'
	},
	'catalogue.feeField': {
		en: 'the fee refers to a number question that is not in the form',
		vi: 'cách tính lệ phí tham chiếu đến câu hỏi số không có trong tờ khai'
	},
	'dossier.consentRequired': {
		en: "Take the resident's consent to help with dossiers before recording their answers or photos",
		vi: 'Cần người dân đồng ý cho hỗ trợ nộp hồ sơ trước khi ghi thông tin hoặc chụp ảnh giấy tờ'
	},
	'dossier.consentPurpose': {
		en: 'The consent of a dossier must be for help with dossiers',
		vi: 'Sự đồng ý của hồ sơ phải là đồng ý cho hỗ trợ nộp hồ sơ'
	},
	'dossier.consentWithdrawn': {
		en: 'The resident withdrew their consent: the dossier can only be withdrawn',
		vi: 'Người dân đã rút lại sự đồng ý: hồ sơ chỉ có thể được rút'
	},
	'dossier.historyStatus': {
		en: 'The status does not match the last step of the history',
		vi: 'Trạng thái không khớp với bước cuối trong lịch sử hồ sơ'
	},
	'dossier.statusChange': {
		en: 'This change of status is not allowed',
		vi: 'Không được chuyển hồ sơ sang trạng thái này'
	},
	'dossier.statusRole': {
		en: 'Your role may not make this step',
		vi: 'Vai trò của bạn không được thực hiện bước này'
	},
	'dossier.historyRewritten': {
		en: 'Earlier steps of the history cannot change',
		vi: 'Không được sửa các bước trước trong lịch sử hồ sơ'
	},
	'dossier.documentMissing': {
		en: 'A required paper is not photographed or marked as shown yet',
		vi: 'Còn giấy tờ bắt buộc chưa chụp ảnh hoặc chưa đánh dấu đã xuất trình'
	},
	'dossier.documentPhotos': {
		en: 'The number of photos of this paper is outside what the procedure asks',
		vi: 'Số ảnh của giấy tờ này chưa đúng yêu cầu của thủ tục'
	},
	'dossier.documentUnknown': {
		en: 'This paper is not part of the procedure',
		vi: 'Giấy tờ này không thuộc thủ tục'
	},
	'dossier.procedureVersion': {
		en: 'The dossier follows another version of the procedure catalogue',
		vi: 'Hồ sơ theo phiên bản khác của danh mục thủ tục'
	},
	'dossier.procedureUnknown': {
		en: 'This procedure is not in the catalogue',
		vi: 'Thủ tục này không có trong danh mục'
	},
	'dossier.stepActor': {
		en: 'The step must be recorded by the signed-in user',
		vi: 'Bước xử lý phải do người đang đăng nhập ghi'
	},
	'dossier.noteRequired': {
		en: 'Write a note saying what must be fixed or added',
		vi: 'Vui lòng ghi rõ cần sửa hoặc bổ sung gì'
	},
	'dossier.receivedAtRequired': {
		en: 'Enter when the agency received the dossier',
		vi: 'Vui lòng nhập thời điểm cơ quan tiếp nhận hồ sơ'
	},
	'dossier.receivedAtFuture': {
		en: 'The time of receipt is after this step',
		vi: 'Thời điểm tiếp nhận không thể sau thời điểm ghi bước này'
	},
	'dossier.closed': {
		en: 'The dossier is closed: nothing more can change',
		vi: 'Hồ sơ đã kết thúc, không thể thay đổi'
	},
	'dossier.codePattern': {
		en: 'The dossier code does not look like the usual pattern (e.g. 000.00.25.H57-250129-0001): check it',
		vi: 'Mã hồ sơ không giống định dạng thường gặp (ví dụ 000.00.25.H57-250129-0001). Vui lòng kiểm tra lại'
	},
	'dossier.codeDate': {
		en: 'The date in the dossier code is not a real date',
		vi: 'Ngày trong mã hồ sơ không hợp lệ'
	},
	'dossier.codeDateMismatch': {
		en: 'The date in the dossier code differs from the day the agency received it',
		vi: 'Ngày trong mã hồ sơ khác với ngày cơ quan tiếp nhận'
	},
	'dossier.codeMissing': {
		en: 'Record the dossier code given by the portal or the receipt',
		vi: 'Vui lòng ghi mã hồ sơ trên Cổng dịch vụ công hoặc giấy tiếp nhận'
	},
	'dossier.photoHash': {
		en: 'must be the SHA-256 content hash of the photo (64 hex digits)',
		vi: 'phải là mã băm SHA-256 của ảnh (64 ký tự hex)'
	},
	'dossier.ratingCriteria': {
		en: 'Unknown satisfaction criterion',
		vi: 'Tiêu chí đánh giá không xác định'
	},
	'dossier.ratingBeforeResult': {
		en: 'The rating is taken after the result',
		vi: 'Chỉ lấy đánh giá sau khi có kết quả'
	},
	'dossier.feeExemptReason': {
		en: 'Choose why the fee is exempt',
		vi: 'Vui lòng chọn lý do miễn lệ phí'
	},
	'dossier.feePaidAt': {
		en: 'Enter when the fee was paid',
		vi: 'Vui lòng nhập thời điểm nộp lệ phí'
	},
	'calendar.year': {
		en: 'The day is not in this year',
		vi: 'Ngày này không thuộc năm đang khai báo'
	},
	'calendar.duplicateDay': { en: 'The day is listed twice', vi: 'Ngày này bị khai báo hai lần' },
	'calendar.duplicateYear': { en: 'The year is listed twice', vi: 'Năm này bị khai báo hai lần' },
	'calendar.workDayNotWeekend': {
		en: 'A make-up working day must be a Saturday or a Sunday',
		vi: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật'
	},
	'calendar.offAndWork': {
		en: 'The day is both a day off and a working day',
		vi: 'Ngày này vừa là ngày nghỉ vừa là ngày làm việc'
	},
	'calendar.statutoryMissing': {
		en: 'A public holiday of the Labour Code is not in the arrangement: check the official notice',
		vi: 'Thiếu một ngày nghỉ lễ theo Bộ luật Lao động. Vui lòng đối chiếu thông báo chính thức'
	},
	'calendar.swapUnbalanced': {
		en: 'The swapped days and make-up working days do not balance: check the official notice',
		vi: 'Số ngày hoán đổi và ngày làm bù không khớp nhau. Vui lòng đối chiếu thông báo chính thức'
	},
	'vietqr.bin': {
		en: 'The bank code (BIN) must have 6 digits',
		vi: 'Mã ngân hàng (BIN) phải gồm 6 chữ số'
	},
	'vietqr.binUnknown': {
		en: 'This bank code is not in the list of known banks: check it with the bank',
		vi: 'Mã ngân hàng này không có trong danh sách. Vui lòng kiểm tra lại với ngân hàng'
	},
	'vietqr.account': {
		en: 'The account number may have only digits and letters, at most 19',
		vi: 'Số tài khoản chỉ gồm chữ số và chữ cái, tối đa 19 ký tự'
	},
	'vietqr.name': {
		en: 'Enter the account name as the bank shows it (at most 50 characters)',
		vi: 'Vui lòng nhập tên tài khoản như ngân hàng ghi (tối đa 50 ký tự)'
	},
	'vietqr.binNotListed': {
		en: 'Choose the bank from the list',
		vi: 'Vui lòng chọn ngân hàng trong danh sách'
	},
	'feeAccount.scope': {
		en: 'Only officials of this commune (or an administrator) may set its fee account',
		vi: 'Chỉ cán bộ của xã (hoặc quản trị viên) mới được khai báo tài khoản thu phí của xã'
	},
	'feeAccount.signIn': {
		en: 'Sign in to set the fee account',
		vi: 'Vui lòng đăng nhập để khai báo tài khoản thu phí'
	},
	'feeAccount.tooLarge': {
		en: 'The request is too large for a fee account',
		vi: 'Dữ liệu gửi lên quá lớn so với một tài khoản thu phí'
	},
	'feeAccount.malformed': {
		en: 'Send the account as JSON: bank code, account number and account name',
		vi: 'Dữ liệu tài khoản phải ở dạng JSON: mã ngân hàng, số tài khoản và tên tài khoản'
	},
	'feeAccount.commune': {
		en: 'This commune is not set up on the server',
		vi: 'Xã này chưa được thiết lập trên máy chủ'
	},
	'vietqr.amount': {
		en: 'The amount must be a whole number of đồng, at most 13 digits',
		vi: 'Số tiền phải là số nguyên (đồng), tối đa 13 chữ số'
	}
} as const satisfies Record<string, Bilingual>;

export type DossierRuleKey = keyof typeof dossierTexts;

export function dossierText(key: string): Bilingual | undefined {
	return Object.hasOwn(dossierTexts, key) ? dossierTexts[key as DossierRuleKey] : undefined;
}

/**
 * `validateWith` for this feature's schemas: issues carrying one of the keys
 * above get its text; `describePath` may rename the path (the catalogue
 * names entries by code instead of index).
 */
export function validateDossierRules<T>(
	schema: z.ZodType<T>,
	input: unknown,
	describePath?: (path: readonly PropertyKey[]) => string
): Validated<T> {
	const r = schema.safeParse(input);
	if (r.success) return { ok: true, value: r.data };
	return {
		ok: false,
		issues: r.error.issues.map((issue): FieldIssue => {
			const base = describeIssue(issue);
			const text = dossierText(issue.message);
			return {
				path: describePath ? describePath(issue.path) : base.path,
				rule: text ? issue.message : base.rule,
				message: text ?? base.message
			};
		})
	};
}
