/**
 * The case file as people read it: each timeline event as one Chinese sentence (事件, 时间, 由谁,
 * 内容), and the documents grouped the way a 案卷 is (court documents, exhibits, letters, the
 * court's papers), one row per document with its PDF and DOCX and every version. Every event type
 * the workflow records (`record(…)` in src/case/workflow, the commands' and milestones' types) has
 * its sentence here; an unknown type still reads as words, never as raw JSON.
 */
import { formatYuanGrouped, parseYuan } from '../../domain/money.ts';
import type { CaseDetail } from '../cases/read-model.ts';

type Data = Record<string, unknown>;
/** Names the sentences use instead of ids: law firms by id, documents by id. */
export interface CaseFileNames {
  lawFirms: ReadonlyMap<string, string>;
  documents: ReadonlyMap<string, string>;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const fen = (value: unknown): string => (typeof value === 'number' ? `${formatYuanGrouped(value)} 元` : '');
const yuan = (value: unknown): string => (typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value) ? `${formatYuanGrouped(parseYuan(value))} 元` : str(value));

const CHANNELS: Record<string, string> = { ems: 'EMS 邮寄', email: '电子邮件', sms: '短信', in_person: '当面送达', app: 'App 消息' };
const OUTCOMES: Record<string, string> = { won: '胜诉', partially_won: '部分胜诉', lost: '败诉' };
const FIRM_RULES: Record<string, string> = { named: '指定律所', lender_default: '贷款机构默认律所', least_workload: '案件最少的律所' };
const BLOCKER_CODES: Record<string, string> = {
  no_signed_contract: '缺少签署的借款合同',
  no_disbursement_proof: '缺少放款凭证',
  limitation_expired: '诉讼时效已届满',
  limitation_expiring: '诉讼时效即将届满',
  amounts_inconsistent: '借款金额数据不一致',
  no_delivered_demand: '催收函尚未送达',
  no_contact_record: '没有催收记录',
  borrower_address_missing: '缺少借款人地址',
  missing_data: '起诉材料缺少数据',
  interest_off_rate: '约定利息与利率不符',
  no_law_firm: '尚无律所承接',
  bad_data: '数据有误，待更正',
  step_failed: '处理步骤暂时失败',
};
const DEADLINE_KINDS: Record<string, string> = {
  response_window: '答复期限',
  limitation_warning: '诉讼时效预警',
  limitation: '诉讼时效',
  firm_silence: '律所更新期限',
  hearing: '开庭',
  appeal_window: '上诉期',
  enforcement_deadline: '申请执行期限',
  plan_instalment: '还款计划分期',
};

export function deadlineKindLabel(kind: string | null): string {
  return kind === null ? '' : (DEADLINE_KINDS[kind] ?? kind);
}

export function blockerLabel(code: string): string {
  return BLOCKER_CODES[code] ?? code;
}

const codes = (value: unknown): string => (Array.isArray(value) ? value.map((c) => blockerLabel(str(c))).join('、') : '');

function firm(names: CaseFileNames, id: unknown): string {
  const key = str(id);
  return names.lawFirms.get(key) ?? (key === '' ? '（未指定）' : key);
}

function documents(names: CaseFileNames, ids: unknown): string {
  if (!Array.isArray(ids)) return '';
  const unique = [...new Set(ids.map((id) => names.documents.get(str(id))).filter((n): n is string => n !== undefined))];
  return unique.length === 0 ? '' : `（${unique.join('、')}）`;
}

/** The event's 事件 (what happened, short) and 内容 (the sentence with its facts). */
const SENTENCES: Record<string, { label: string; content: (d: Data, names: CaseFileNames) => string }> = {
  escalated: { label: '案件升级', content: (d, n) => `升级原因：${str(d.reason)}；答复期限 ${str(d.responseDays)} 天${d.lawFirmId ? `；指定律所 ${firm(n, d.lawFirmId)}` : ''}` },
  evidence_supplied: { label: '补充证据', content: (d) => (d.note ? `补充说明：${str(d.note)}` : '贷款资料已更新，重新核对证据') },
  evidence_complete: { label: '证据齐全', content: (d) => `证据核对通过${codes(d.warnings) ? `；提示：${codes(d.warnings)}` : ''}` },
  evidence_incomplete: { label: '证据不全', content: (d) => `待补：${codes(d.blockers) || '—'}${codes(d.warnings) ? `；提示：${codes(d.warnings)}` : ''}` },
  demand_issued: {
    label: '发出催收函',
    content: (d, n) => `发出催收函，应还总额 ${fen(d.claimTotalFen)}，期限 ${str(d.deadline)}${documents(n, d.documentIds)}`,
  },
  demand_delivered: {
    label: '催收函送达',
    content: (d) => `催收函已于 ${str(d.deliveredAt)} 以${CHANNELS[str(d.channel)] ?? str(d.channel)}送达${d.trackingNumber ? `，单号 ${str(d.trackingNumber)}` : ''}`,
  },
  response_window_ended: { label: '答复期届满', content: (d) => `催收函答复期限 ${str(d.deadline)} 已过` },
  payment_received: { label: '收到还款', content: (d) => `借款人于 ${str(d.paidAt)} 还款 ${yuan(d.amount)}` },
  repayment_plan_agreed: {
    label: '达成还款计划',
    content: (d) =>
      Array.isArray(d.installments)
        ? `共 ${d.installments.length} 期：${d.installments.map((i: Data) => `${str(i.dueDate)} 还 ${yuan(i.amount)}`).join('；')}`
        : '达成还款计划',
  },
  repayment_plan_missed: { label: '还款计划逾期', content: (d) => `第 ${str(d.instalment)} 期（${str(d.dueDate)}）应累计还 ${fen(d.dueFen)}，实际累计还 ${fen(d.paidFen)}` },
  repayment_plan_completed: { label: '还款计划履行完毕', content: (d) => `按计划共还款 ${fen(d.paidFen)}` },
  dispute_raised: { label: '借款人提出异议', content: (d) => `异议：${str(d.reason)}；案件暂停` },
  dispute_resolved: { label: '异议已解决', content: (d) => (d.note ? `处理结果：${str(d.note)}` : '异议已解决，案件继续') },
  withdrawn: { label: '撤回案件', content: (d) => `撤回原因：${str(d.reason)}` },
  handoff_waiting: { label: '等待指定律所', content: () => '诉讼材料已备齐，尚无可移交的律所，请指定律所' },
  law_firm_chosen: { label: '选定律所', content: (d, n) => `按${FIRM_RULES[str(d.rule)] ?? str(d.rule)}选定 ${firm(n, d.lawFirmId)}` },
  law_firm_assigned: {
    label: '指定律所',
    content: (d, n) => (d.previous ? `律所由 ${firm(n, d.previous)} 改为 ${firm(n, d.lawFirmId)}` : `指定 ${firm(n, d.lawFirmId)}`),
  },
  packet_generated: { label: '生成诉讼材料', content: (d, n) => `诉讼材料已生成，诉请总额 ${fen(d.claimTotalFen)}${documents(n, d.documentIds)}` },
  handed_off: { label: '移交律所', content: (d, n) => `案件已移交 ${firm(n, d.lawFirmId)}` },
  power_of_attorney_issued: { label: '出具授权委托书', content: (d, n) => `为 ${firm(n, d.lawFirmId)} 出具授权委托书（第 ${str(d.version)} 版）` },
  firm_notified: { label: '已通知律所', content: (d, n) => `已通知 ${firm(n, d.lawFirmId)}` },
  firm_not_notified: { label: '律所通知未送达', content: (d, n) => `未能通知 ${firm(n, d.lawFirmId)}${d.message ? `：${str(d.message)}` : ''}，将继续重试` },
  firm_notification_failed: { label: '律所通知失败', content: (d, n) => `通知 ${firm(n, d.lawFirmId)} 失败${d.message ? `：${str(d.message)}` : ''}` },
  firm_silent: { label: '律所久未更新', content: (d, n) => `${firm(n, d.lawFirmId)} 已 ${str(d.days)} 天未报告进展，已提醒` },
  limitation_expiring: { label: '诉讼时效预警', content: (d) => `诉讼时效将于 ${str(d.deadline)} 届满` },
  step_failed: { label: '处理步骤失败', content: (d) => `系统处理失败，将重试${d.message ? `：${str(d.message)}` : ''}` },
  filed: { label: '已立案', content: (d) => `${str(d.court)} 于 ${str(d.date)} 立案，案号 ${str(d.caseNumber)}` },
  hearing_scheduled: { label: '确定开庭', content: (d) => `定于 ${str(d.date)} 开庭${d.court ? `（${str(d.court)}）` : ''}` },
  hearing_day: { label: '开庭日', content: (d) => `今日（${str(d.date)}）开庭` },
  judgment: { label: '判决', content: (d) => `${str(d.date)} 判决${OUTCOMES[str(d.outcome)] ?? str(d.outcome)}，判决金额 ${yuan(d.awardedAmount)}` },
  appeal_window_ended: { label: '上诉期届满', content: (d) => `上诉期于 ${str(d.lastDay)} 届满` },
  mediated: { label: '调解结案', content: (d) => `${str(d.date)} 达成调解，调解金额 ${yuan(d.agreedAmount)}` },
  enforcement_applied: { label: '申请执行', content: (d) => `${str(d.date)} 申请强制执行，执行案号 ${str(d.caseNumber)}` },
  enforcement_deadline_passed: { label: '申请执行期限届满', content: (d) => `申请执行期限 ${str(d.deadline)} 已过` },
  recovered: { label: '执行回款', content: (d) => `${str(d.date)} 回款 ${yuan(d.amount)}` },
  closed: { label: '结案', content: (d) => `${str(d.date)} 结案${d.note ? `：${str(d.note)}` : ''}` },
  court_paper_uploaded: { label: '上传法院文书', content: (d) => `律所上传${str(d.kindLabel)}《${str(d.title)}》` },
};

/** Every event type the pages have a sentence for (a test checks the workflow records no other). */
export const SENTENCE_TYPES: readonly string[] = Object.keys(SENTENCES);

const ROLE_LABELS: Record<string, string> = { legal: '法务', lawyer: '律师', system: '系统' };

/** `legal:张三` → 法务 张三; the workflow itself → 系统. */
export function actorText(actor: string): string {
  if (actor === 'system:workflow') return '系统（自动）';
  const [role, ...rest] = actor.split(':');
  const name = rest.join(':');
  return role !== undefined && ROLE_LABELS[role] ? `${ROLE_LABELS[role]} ${name}`.trim() : actor;
}

export interface TimelineLine {
  event: string;
  occurredAt: string;
  by: string;
  content: string;
}

export function timelineLine(event: CaseDetail['timeline'][number], names: CaseFileNames): TimelineLine {
  const data = (event.data !== null && typeof event.data === 'object' ? event.data : {}) as Data;
  const sentence = SENTENCES[event.type];
  const content = sentence
    ? sentence.content(data, names)
    : Object.entries(data)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([k, v]) => `${k}：${str(v)}`)
        .join('；');
  return { event: sentence?.label ?? event.type, occurredAt: event.occurredAt, by: actorText(event.actor), content };
}

// ---- documents, grouped ----

export type DocumentGroup = 'court_documents' | 'exhibits' | 'letters' | 'court_papers';
export const DOCUMENT_GROUPS: ReadonlyArray<{ group: DocumentGroup; label: string }> = [
  { group: 'court_documents', label: '起诉材料 Court documents' },
  { group: 'exhibits', label: '证据 Exhibits' },
  { group: 'letters', label: '函件 Letters' },
  { group: 'court_papers', label: '法院文书 Court papers' },
];

const GROUP_OF: Record<string, DocumentGroup> = {
  complaint: 'court_documents',
  evidence_list: 'court_documents',
  claim_calculation: 'court_documents',
  power_of_attorney: 'court_documents',
  legal_rep_certificate: 'court_documents',
  service_address_confirmation: 'court_documents',
  exhibit: 'exhibits',
  demand_letter: 'letters',
  lawyer_letter: 'letters',
  court_paper: 'court_papers',
};

export interface DocumentRow {
  name: string;
  type: string;
  version: number;
  /** The version in words: 第 1 版, or 随催收函 for the calculation the demand letter encloses (version 0). */
  versionText: string;
  createdAt: string;
  pdf: CaseDetail['documents'][number] | undefined;
  docx: CaseDetail['documents'][number] | undefined;
}

/**
 * One row per document and version (its PDF and DOCX side by side), grouped; within a group in
 * the order they were made, the newest version of a name last.
 */
export function groupedDocuments(list: CaseDetail['documents']): Array<{ group: DocumentGroup; label: string; rows: DocumentRow[] }> {
  const rows = new Map<string, DocumentRow>();
  for (const d of list) {
    const version = d.version;
    const key = `${d.type}|${d.name}|${version}`;
    const versionText = version === 0 ? '随催收函附送' : `第 ${version} 版`;
    const row = rows.get(key) ?? { name: d.name, type: d.type, version, versionText, createdAt: d.createdAt, pdf: undefined, docx: undefined };
    row[d.format] = d;
    rows.set(key, row);
  }
  return DOCUMENT_GROUPS.map(({ group, label }) => ({
    group,
    label,
    // Version 0 of a court document is what a letter enclosed (the demand's 欠款计算明细): it is listed with the letters.
    rows: [...rows.values()].filter((r) => (r.version === 0 ? 'letters' : (GROUP_OF[r.type] ?? 'court_documents')) === group),
  }));
}
