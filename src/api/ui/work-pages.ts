/**
 * The pages where the work is done: the legal team's overdue-loan list (escalate one loan or a
 * selection), the forms on a case (each event type for the legal team, each milestone and the
 * court's papers for the firm's lawyer, assigning the firm), blockers with what to supply and by
 * whom, and the readable case file (timeline sentences, grouped documents). Forms post JSON to
 * the same API routes a program would call (`data-api`); the page script shows the API's error
 * details next to the fields they name. Nothing here validates on its own: the API is the rule.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Principal } from '../../db/schema.ts';
import { formatYuanGrouped, parseYuan } from '../../domain/money.ts';
import type { CaseDetail } from '../cases/read-model.ts';
import type { LoanQuery, OverdueLoanSummary } from '../loans/read-model.ts';
import { COURT_PAPER_KINDS } from '../routes/court-papers.ts';
import { blockerLabel, type CaseFileNames, groupedDocuments, timelineLine } from './case-file.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** Instants as the legal team reads them: Beijing time, to the minute. */
export const beijingTime = (iso: string) => beijing.format(new Date(iso));

/** The pages a role has, as the top navigation. */
export function navigation(principal: Principal, current: 'cases' | 'loans' | 'dashboard' | 'filing'): Html {
  const link = (key: typeof current, href: string, label: string) =>
    html`<a href="${href}" ${key === current ? html`aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="tabs" aria-label="页面 Pages">
  ${link('cases', '#/', principal.role === 'lawyer' ? '本所案件 Our cases' : '案件 Cases')}
  ${principal.role === 'legal' ? html`${link('loans', '#/loans', '逾期贷款 Overdue loans')}` : ''}
  ${link('filing', '#/filing', '集中立案 Court filing')}
  ${principal.role === 'legal' ? link('dashboard', '#/dashboard', '统计 Dashboard') : ''}
  <span class="who">${principal.name} · ${principal.role === 'legal' ? '法务' : principal.role === 'lawyer' ? '律师' : principal.role}</span>
</nav>`;
}

let formSeq = 0;
/**
 * A form posting JSON to an API route; `fixed` fields (the event type) are sent as they are. After
 * a success the page shows itself again, or goes to `then` (a page address in which `{field}` is
 * that field of the API's answer: `#/filing-batches/{batchId}`).
 */
export function apiForm(options: { api: string; fixed?: Record<string, string>; submit: string; fields: (id: (name: string) => string) => Html[]; id?: string; then?: string }): Html {
  const n = ++formSeq;
  const id = (name: string) => `f${n}-${name}`;
  return html`<form class="api-form" data-api="${options.api}" ${options.fixed ? html`data-fixed="${JSON.stringify(options.fixed)}"` : ''} ${options.then ? html`data-then="${options.then}"` : ''} novalidate ${options.id ? html`id="${options.id}"` : ''}>
  ${options.fields(id)}
  <span class="field-error" data-error-for="" role="status"></span>
  <button type="submit">${options.submit}</button>
</form>`;
}

export function labelled(id: string, label: string, name: string, control: Html, hint?: string): Html {
  return html`<div class="field"><label for="${id}">${label}</label>${control}<span class="field-error" data-error-for="${name}" role="status"></span>${hint ? html`<small class="muted">${hint}</small>` : ''}</div>`;
}
export const dateInput = (id: string, name: string, label: string) => labelled(id, label, name, html`<input id="${id}" name="${name}" type="date" required>`);
const yuanInput = (id: string, name: string, label: string) =>
  labelled(id, label, name, html`<input id="${id}" name="${name}" inputmode="decimal" placeholder="1000.00" required>`, '元，两位小数，如 1000.00');
const textInput = (id: string, name: string, label: string, required = true) =>
  labelled(id, label, name, html`<input id="${id}" name="${name}" ${required ? 'required' : ''} maxlength="1000">`);
const select = (id: string, name: string, label: string, options: Array<[string, string]>) =>
  labelled(id, label, name, html`<select id="${id}" name="${name}" required>${options.map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select>`);

// ---- the overdue-loan list ----

export interface LoanListView {
  principal: Principal;
  query: LoanQuery;
  rawQuery: Record<string, string>;
  loans: OverdueLoanSummary[];
  nextCursor: string | null;
  lenders: Array<{ id: string; name: string }>;
  lawFirms: Array<{ id: string; name: string }>;
}

const option = (value: string, label: string, selected: string | undefined) => html`<option value="${value}" ${value === selected ? 'selected' : ''}>${label}</option>`;

export function loanListFragment(view: LoanListView): Html {
  const { rawQuery } = view;
  const next = new URLSearchParams({ ...rawQuery, cursor: view.nextCursor ?? '' });
  return html`${navigation(view.principal, 'loans')}
<h2>逾期贷款 Overdue loans</h2>
<form id="loan-filters" class="filters" data-route="#/loans">
  <label>贷款机构 Lender <select name="lenderId">${option('', '全部 all', rawQuery.lenderId ?? '')}${view.lenders.map((l) => option(l.id, l.name, rawQuery.lenderId))}</select></label>
  <label>逾期天数至少 Min. days past due <input name="minDaysPastDue" type="number" min="1" value="${rawQuery.minDaysPastDue ?? ''}"></label>
  <label>未还本金至少（元）Min. outstanding <input name="minOutstanding" inputmode="decimal" value="${rawQuery.minOutstanding ?? ''}"></label>
  <label>是否已升级 Escalated <select name="escalated">${option('', '全部 all', rawQuery.escalated ?? '')}${option('false', '未升级 not yet', rawQuery.escalated)}${option('true', '已有案件 open case', rawQuery.escalated)}</select></label>
  <button type="submit">筛选 Filter</button>
</form>
<form id="escalate" class="escalate" novalidate>
<table class="loans cards">
<caption class="muted">按逾期时间排序，最久的在前；身份证号和手机号已脱敏。</caption>
<thead><tr><th scope="col"><span class="visually-hidden">选择 Select</span></th><th scope="col">合同编号</th><th scope="col">借款人</th><th scope="col">身份证号</th><th scope="col">手机</th><th scope="col">贷款机构</th><th scope="col" class="num">本金（元）</th><th scope="col" class="num">未还本金（元）</th><th scope="col" class="num">逾期天数</th><th scope="col">最早未还</th><th scope="col">案件</th></tr></thead>
<tbody>
${view.loans.length === 0 ? html`<tr><td colspan="11" class="muted">没有符合条件的逾期贷款 No overdue loans match</td></tr>` : ''}
${view.loans.map(
  (l) => html`<tr data-loan="${l.loanId}">
  <td data-label="选择">${l.openCase === null ? html`<input type="checkbox" name="loanId" value="${l.loanId}" aria-label="选择 ${l.contractNumber}">` : ''}</td>
  <td data-label="合同编号">${l.contractNumber}</td>
  <td data-label="借款人">${l.borrower.name}</td>
  <td data-label="身份证号"><code>${l.borrower.idNumber}</code></td>
  <td data-label="手机"><code>${l.borrower.phone}</code></td>
  <td data-label="贷款机构">${l.lender.name}</td>
  <td data-label="本金（元）" class="num">${formatYuanGrouped(parseYuan(l.principal))}</td>
  <td data-label="未还本金（元）" class="num">${formatYuanGrouped(parseYuan(l.outstandingPrincipal))}</td>
  <td data-label="逾期天数" class="num">${l.daysPastDue}</td>
  <td data-label="最早未还">${l.firstUnpaidDueDate}</td>
  <td data-label="案件">${l.openCase === null
    ? html`<button type="submit" name="only" value="${l.loanId}" data-contract="${l.contractNumber}" class="small" aria-label="升级 Escalate ${l.contractNumber}">升级 Escalate</button>`
    : html`<a href="#/cases/${l.openCase.id}">查看案件 View case</a>`}</td>
</tr>`,
)}
</tbody>
</table>
<fieldset class="panel">
  <legend>升级为法律案件 Escalate</legend>
  <div class="field"><label for="escalate-reason">升级原因 Reason</label><input id="escalate-reason" name="reason" required maxlength="500" value="逾期催收无果，转法律程序"><span class="field-error" data-error-for="reason" role="status"></span></div>
  <div class="field"><label for="escalate-firm">律所 Law firm</label><select id="escalate-firm" name="lawFirmId">${option('', '按规则分配 by the handoff rule', '')}${view.lawFirms.map((f) => option(f.id, f.name, undefined))}</select></div>
  <p class="muted">勾选的贷款作为一个批次升级，提交后显示批次进度。Ticked loans are escalated as one batch; its progress shows next.</p>
  <span class="field-error" data-error-for="" role="status"></span>
  <button type="submit" name="selected" value="1">升级所选 Escalate selected</button>
  <ul class="results" aria-live="polite"></ul>
</fieldset>
</form>
<p class="pager">${view.nextCursor === null ? '' : html`<a href="#/loans?${next}">下一页 Next →</a>`}</p>`;
}

// ---- blockers: what to supply, by whom ----

const BLOCKER_REMEDIES: Record<string, { what: string; who: string }> = {
  no_signed_contract: { what: '上传签署的借款合同 PDF（或电子签章记录）', who: '贷款机构 / 催收系统（POST /v1/loans/{loanId}/contract）' },
  no_disbursement_proof: { what: '补充放款凭证（放款日期与金额）', who: '贷款机构 / 催收系统（更新贷款数据）' },
  limitation_expired: { what: '提供诉讼时效中断的证据（催收、承诺还款记录）', who: '贷款机构 / 法务' },
  limitation_expiring: { what: '尽快起诉或取得时效中断证据', who: '法务' },
  amounts_inconsistent: { what: '更正贷款数据中的本金、放款或还款计划金额', who: '贷款机构 / 催收系统（更新贷款数据）' },
  no_delivered_demand: { what: '记录催收函送达（送达日期、方式）', who: '法务（本页“催收函送达”）' },
  no_contact_record: { what: '补充催收记录', who: '催收系统（POST /v1/loans/{loanId}/contact-records）' },
  borrower_address_missing: { what: '补充借款人地址', who: '贷款机构 / 催收系统（更新贷款数据）' },
};

/** Who supplies a missing lawsuit datum, in the legal team's words. */
const SUPPLIER_TEXT: Record<string, string> = {
  lender: '贷款机构（系统对接：PUT /v1/lenders）',
  law_firm: '法务（律所信息：PUT /v1/law-firms）',
  loan_snapshot: '贷款机构（借款数据：PUT /v1/loans）',
};

export function blockersSection(blockers: Array<{ code: string; message: string; path?: string | undefined; suppliedBy?: string | undefined }>): Html {
  if (blockers.length === 0) return html``;
  return html`<h4>阻碍起诉 Blockers</h4>
<table class="blockers"><thead><tr><th scope="col">问题</th><th scope="col">需补充</th><th scope="col">由谁补充</th></tr></thead><tbody>
${blockers.map((b) => {
  if (b.code === 'missing_data' && b.path !== undefined) {
    return html`<tr><td>${blockerLabel(b.code)}<br><small class="muted">${b.message}</small></td><td><code>${b.path}</code></td><td>${SUPPLIER_TEXT[b.suppliedBy ?? ''] ?? '法务'}</td></tr>`;
  }
  const remedy = BLOCKER_REMEDIES[b.code];
  return html`<tr><td>${blockerLabel(b.code)}<br><small class="muted">${b.message}</small></td><td>${remedy?.what ?? b.message}</td><td>${remedy?.who ?? '法务'}</td></tr>`;
})}
</tbody></table>`;
}

// ---- the case file ----

export function timelineSection(detail: CaseDetail, names: CaseFileNames): Html {
  return html`<section class="panel"><h3>时间线 Timeline</h3>
<table class="timeline cards"><thead><tr><th scope="col">事件</th><th scope="col">时间</th><th scope="col">由谁</th><th scope="col">内容</th></tr></thead><tbody>
${[...detail.timeline].reverse().map((e) => {
  const line = timelineLine(e, names);
  return html`<tr><td data-label="事件">${line.event}</td><td data-label="时间" class="when">${beijingTime(line.occurredAt)}</td><td data-label="由谁">${line.by}</td><td data-label="内容">${line.content}</td></tr>`;
})}
</tbody></table></section>`;
}

export function documentsSection(detail: CaseDetail): Html {
  const groups = groupedDocuments(detail.documents);
  const link = (d: CaseDetail['documents'][number] | undefined, label: string) =>
    d === undefined ? html`<span class="muted">—</span>` : html`<a href="/v1/cases/${detail.id}/documents/${d.id}" data-download title="SHA-256 ${d.sha256}">${label}</a>`;
  const hasComplaint = detail.documents.some((d) => d.type === 'complaint');
  return html`<section class="panel"><h3>文书 Documents</h3>
${detail.documents.length === 0 ? html`<p class="muted">尚无文书 No documents yet</p>` : ''}
${groups
  .filter((g) => g.rows.length > 0)
  .map(
    (g) => html`<h4>${g.label}</h4>
<table class="documents"><thead><tr><th scope="col">名称</th><th scope="col">版本</th><th scope="col">生成时间</th><th scope="col">PDF</th><th scope="col">DOCX</th></tr></thead><tbody>
${g.rows.map((r) => html`<tr><td>${r.name}</td><td>${r.versionText}</td><td>${beijingTime(r.createdAt)}</td><td>${link(r.pdf, '下载 PDF')}</td><td>${link(r.docx, '下载 DOCX')}</td></tr>`)}
</tbody></table>`,
  )}
${hasComplaint ? html`<p><a href="/v1/cases/${detail.id}/packet" data-download class="button">下载诉讼材料包 Download lawsuit packet (ZIP)</a></p>` : ''}
</section>`;
}

// ---- actions ----

const CHANNEL_OPTIONS: Array<[string, string]> = [['ems', 'EMS 邮寄'], ['email', '电子邮件'], ['sms', '短信'], ['in_person', '当面送达'], ['app', 'App 消息']];

function details(summary: string, body: Html): Html {
  return html`<details class="action"><summary>${summary}</summary>${body}</details>`;
}

export function legalActions(detail: CaseDetail, lawFirms: Array<{ id: string; name: string }>): Html {
  if (detail.status.startsWith('closed')) return html``;
  const events = `/v1/cases/${detail.id}/events`;
  return html`<section class="panel actions"><h3>记录事件 Record an event</h3>
${details('收到还款 Payment received', apiForm({ api: events, fixed: { type: 'payment_received' }, submit: '记录还款', fields: (id) => [yuanInput(id('amount'), 'amount', '金额（元）'), dateInput(id('paidAt'), 'paidAt', '还款日期')] }))}
${details('还款计划 Repayment plan', apiForm({
  api: events,
  fixed: { type: 'repayment_plan_agreed' },
  submit: '记录还款计划',
  fields: (id) => [labelled(id('installments'), '分期（每行：日期 金额）', 'installments', html`<textarea id="${id('installments')}" name="installments" data-lines="dueDate amount" rows="3" placeholder="2026-12-31 1000.00" required></textarea>`)],
}))}
${details('借款人异议 Dispute raised', apiForm({ api: events, fixed: { type: 'dispute_raised' }, submit: '记录异议', fields: (id) => [textInput(id('reason'), 'reason', '异议内容')] }))}
${details('异议已解决 Dispute resolved', apiForm({ api: events, fixed: { type: 'dispute_resolved' }, submit: '记录解决', fields: (id) => [textInput(id('note'), 'note', '处理结果（可选）', false)] }))}
${details('催收函送达 Demand delivered', apiForm({
  api: events,
  fixed: { type: 'demand_delivered' },
  submit: '记录送达',
  fields: (id) => [dateInput(id('deliveredAt'), 'deliveredAt', '送达日期'), select(id('channel'), 'channel', '送达方式', CHANNEL_OPTIONS), textInput(id('trackingNumber'), 'trackingNumber', '快递单号（可选）', false)],
}))}
${details('撤回案件 Withdraw', apiForm({ api: events, fixed: { type: 'withdrawn' }, submit: '撤回案件', fields: (id) => [textInput(id('reason'), 'reason', '撤回原因')] }))}
<h3>律所 Law firm</h3>
${apiForm({
  api: `/v1/cases/${detail.id}/handoff`,
  submit: detail.lawFirm === null ? '指定律所 Assign' : '更换律所 Change firm',
  fields: (id) => [select(id('lawFirmId'), 'lawFirmId', `律所（当前：${detail.lawFirm?.name ?? '未指定'}）`, lawFirms.map((f) => [f.id, f.name]))],
})}
</section>`;
}

export function lawyerActions(detail: CaseDetail): Html {
  if (detail.status.startsWith('closed')) return html``;
  const milestones = `/v1/cases/${detail.id}/milestones`;
  return html`<section class="panel actions"><h3>报告进展 Report a milestone</h3>
${details('已立案 Filed', apiForm({
  api: milestones,
  fixed: { type: 'filed' },
  submit: '报告立案',
  fields: (id) => [textInput(id('court'), 'court', '法院'), textInput(id('caseNumber'), 'caseNumber', '案号'), dateInput(id('date'), 'date', '立案日期')],
}))}
${details('确定开庭 Hearing scheduled', apiForm({ api: milestones, fixed: { type: 'hearing_scheduled' }, submit: '报告开庭', fields: (id) => [dateInput(id('date'), 'date', '开庭日期'), textInput(id('court'), 'court', '法院（可选）', false)] }))}
${details('判决 Judgment', apiForm({
  api: milestones,
  fixed: { type: 'judgment' },
  submit: '报告判决',
  fields: (id) => [dateInput(id('date'), 'date', '判决日期'), select(id('outcome'), 'outcome', '结果', [['won', '胜诉'], ['partially_won', '部分胜诉'], ['lost', '败诉']]), yuanInput(id('awardedAmount'), 'awardedAmount', '判决金额（元）')],
}))}
${details('调解 Mediated', apiForm({ api: milestones, fixed: { type: 'mediated' }, submit: '报告调解', fields: (id) => [dateInput(id('date'), 'date', '调解日期'), yuanInput(id('agreedAmount'), 'agreedAmount', '调解金额（元）')] }))}
${details('申请执行 Enforcement applied', apiForm({ api: milestones, fixed: { type: 'enforcement_applied' }, submit: '报告申请执行', fields: (id) => [dateInput(id('date'), 'date', '申请日期'), textInput(id('caseNumber'), 'caseNumber', '执行案号')] }))}
${details('执行回款 Recovered', apiForm({ api: milestones, fixed: { type: 'recovered' }, submit: '报告回款', fields: (id) => [dateInput(id('date'), 'date', '回款日期'), yuanInput(id('amount'), 'amount', '回款金额（元）')] }))}
${details('结案 Closed', apiForm({ api: milestones, fixed: { type: 'closed' }, submit: '报告结案', fields: (id) => [dateInput(id('date'), 'date', '结案日期'), textInput(id('note'), 'note', '说明（可选）', false)] }))}
<h3>上传法院文书 Upload the court's papers</h3>
<form class="upload-form" data-upload="/v1/cases/${detail.id}/court-papers" novalidate>
  ${labelled(`paper-kind-${detail.id}`, '文书类型', 'kind', html`<select id="paper-kind-${detail.id}" name="kind" required>${Object.entries(COURT_PAPER_KINDS).map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select>`)}
  ${labelled(`paper-title-${detail.id}`, '标题（如案号）', 'title', html`<input id="paper-title-${detail.id}" name="title" required maxlength="100">`)}
  ${labelled(`paper-file-${detail.id}`, 'PDF 文件', '(body)', html`<input id="paper-file-${detail.id}" name="file" type="file" accept="application/pdf" required>`)}
  <span class="field-error" data-error-for="" role="status"></span>
  <button type="submit">上传 Upload</button>
</form>
</section>`;
}

