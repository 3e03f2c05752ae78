import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import type { Principal } from '../../db/schema.ts';
import { CaseStatus } from '../../domain/case-status.ts';
import { formatYuanGrouped, parseYuan } from '../../domain/money.ts';
import type { CaseDetail, CaseFilters, CaseSummary } from '../cases/read-model.ts';
import { actorText, type CaseFileNames, deadlineKindLabel } from './case-file.ts';
import { blockersSection, documentsSection, lawyerActions, legalActions, navigation, timelineSection } from './work-pages.ts';

/**
 * The web pages of the legal team and lawyers, rendered here with hono/html (every value
 * escaped). The shell loads one same-origin script that keeps the pasted token in the tab's
 * sessionStorage and fetches the fragments below with it; the fragments show exactly what the
 * JSON API shows the same principal.
 */
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STATUS_LABELS: Record<CaseStatus, string> = {
  assembling_evidence: '整理证据',
  awaiting_evidence: '待补证据',
  demand_issued: '已发催收函',
  negotiating: '协商还款',
  on_hold: '争议暂停',
  preparing_lawsuit: '准备起诉',
  handed_off: '已移交律所',
  in_litigation: '诉讼中',
  judgment: '已判决',
  enforcement: '执行中',
  closed_paid: '已结清',
  closed_withdrawn: '已撤回',
  closed: '已结案',
};

export function statusLabel(value: CaseStatus): string {
  return STATUS_LABELS[value];
}

const LIMITATION_LABELS = { ok: '正常', expiring: '即将届满', expired: '已届满' } as const;

const REPAYMENT_LABELS: Record<string, string> = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  bullet: '到期一次性还本付息',
  interest_first: '先息后本',
};

/** Instants as the people using the pages read them: Beijing time, to the minute. */
const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
function beijingTime(iso: string): string {
  return beijing.format(new Date(iso));
}

function status(value: CaseStatus): Html {
  return html`<span class="status status-${value}" title="${value}">${STATUS_LABELS[value]}</span>`;
}

function limitation(deadline: string | null, state: keyof typeof LIMITATION_LABELS | null): Html {
  if (deadline === null || state === null) return html`<span class="muted">—</span>`;
  return html`<span class="limitation limitation-${state}">${deadline} · ${LIMITATION_LABELS[state]}</span>`;
}

function yuan(amount: string | null): Html {
  return amount === null ? html`<span class="muted">—</span>` : html`${formatYuanGrouped(parseYuan(amount))}`;
}

export function shellPage(): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>法律催收案件</title>
<link rel="stylesheet" href="/ui/app.css">
<script type="module" src="/ui/app.js"></script>
</head>
<body>
<a class="skip" href="#view">跳到正文 Skip to content</a>
<header class="bar">
  <h1><a href="#/">法律催收案件</a></h1>
  <button id="sign-out" type="button" hidden>退出 Sign out</button>
</header>
<section id="sign-in" class="panel" hidden>
  <form id="sign-in-form">
    <label for="token-input">访问令牌 API token</label> <input id="token-input" type="password" name="token" autocomplete="off" required>
    <button type="submit">登录 Sign in</button>
  </form>
  <p class="hint">粘贴令牌登录；令牌只保存在本浏览器标签页中。Paste a token (<code>npm run cli -- token create --role legal</code>, or one printed by the demo seed). It stays in this browser tab only.</p>
</section>
<p id="message" class="message" role="alert" hidden></p>
<p id="status" class="visually-hidden" role="status" aria-live="polite"></p>
<main id="view" tabindex="-1"></main>
<footer><a href="/docs">API reference</a> · <a href="/openapi.json">OpenAPI</a></footer>
</body>
</html>`;
}

export interface CaseListView {
  principal: Principal;
  filters: CaseFilters;
  cases: CaseSummary[];
  lenders: Array<{ id: string; name: string }>;
  lawFirms: Array<{ id: string; name: string }>;
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}" ${value === selected ? 'selected' : ''}>${label}</option>`;
}

export function caseListFragment(view: CaseListView): Html {
  const { filters, principal } = view;
  const page = (offset: number) => {
    const query = new URLSearchParams();
    if (filters.status) query.set('status', filters.status);
    if (filters.lenderId) query.set('lenderId', filters.lenderId);
    if (filters.lawFirmId) query.set('lawFirmId', filters.lawFirmId);
    query.set('offset', String(offset));
    return `#/?${query}`;
  };
  return html`${navigation(principal, 'cases')}
${principal.role === 'lawyer' ? html`<p class="muted" id="since-note">标“新”的案件：自本浏览器上次打开此列表以来有更新（上次访问时间保存在本浏览器中）。 “New” marks cases changed since this browser last showed the list.</p>` : ''}
<form id="filters" class="filters">
  <label>状态 Status <select name="status">${option('', '全部 all', filters.status ?? '')}${CaseStatus.options.map((s) => option(s, `${STATUS_LABELS[s]} (${s})`, filters.status))}</select></label>
  <label>贷款机构 Lender <select name="lenderId">${option('', '全部 all', filters.lenderId ?? '')}${view.lenders.map((l) => option(l.id, l.name, filters.lenderId))}</select></label>
  ${principal.role === 'legal'
    ? html`<label>律所 Law firm <select name="lawFirmId">${option('', '全部 all', filters.lawFirmId ?? '')}${view.lawFirms.map((f) => option(f.id, f.name, filters.lawFirmId))}</select></label>`
    : ''}
  <button type="submit">筛选 Filter</button>
</form>
<table class="cases cards">
<thead><tr><th scope="col">合同编号 Contract</th><th scope="col">状态</th><th>借款人</th><th>身份证号</th><th>手机</th><th>贷款机构</th><th>律所</th><th class="num">诉请金额（元）</th><th>诉讼时效</th><th>更新</th></tr></thead>
<tbody>
${view.cases.length === 0 ? html`<tr><td colspan="10" class="muted">没有案件 No cases</td></tr>` : ''}
${view.cases.map(
  (c) => html`<tr class="${c.stale ? 'stale' : ''}" data-updated="${c.updatedAt}">
  <td data-label="合同编号"><a href="#/cases/${c.id}">${c.contractNumber}</a> <span class="new-badge" hidden>新 New</span></td>
  <td data-label="状态">${status(c.status)}${c.stale ? html` <span class="flag">久未更新 stale</span>` : ''}</td>
  <td data-label="借款人">${c.borrower.name}</td>
  <td data-label="身份证号"><code>${c.borrower.idNumber}</code></td>
  <td data-label="手机"><code>${c.borrower.phone}</code></td>
  <td data-label="贷款机构">${c.lender.name}</td>
  <td data-label="律所">${c.lawFirm?.name ?? '—'}</td>
  <td data-label="诉请金额（元）" class="num">${yuan(c.claimTotal)}</td>
  <td data-label="诉讼时效">${limitation(c.limitationDeadline, c.limitationStatus)}</td>
  <td data-label="更新">${beijingTime(c.updatedAt).slice(0, 10)}</td>
</tr>`,
)}
</tbody>
</table>
<p class="pager">
  ${filters.offset > 0 ? html`<a href="${page(Math.max(0, filters.offset - filters.limit))}">← 上一页</a>` : ''}
  ${view.cases.length === filters.limit ? html`<a href="${page(filters.offset + filters.limit)}">下一页 →</a>` : ''}
</p>`;
}

/** The parts of a stored claim calculation the page prints; anything else stays in the JSON API. */
const ClaimForPage = z.object({
  asOf: z.string(),
  totals: z.object({ principalFen: z.number(), interestFen: z.number(), penaltyFen: z.number(), compoundFen: z.number(), feesFen: z.number(), totalFen: z.number() }),
  cap: z.object({ capRate: z.string(), binding: z.boolean(), reductionFen: z.number() }),
  totalInWords: z.string(),
});

const Blockers = z.array(
  z.object({ code: z.string(), message: z.string(), severity: z.string().optional(), stage: z.string().optional(), path: z.string().optional(), suppliedBy: z.string().optional(), request: z.string().optional() }),
);

function claimSection(detail: CaseDetail): Html {
  const claim = ClaimForPage.safeParse(detail.claim);
  if (!claim.success) return html`<p>诉请金额：${yuan(detail.claimTotal)} ${detail.claimAsOf ? html`（截至 ${detail.claimAsOf}）` : ''}</p>`;
  const { totals, cap } = claim.data;
  const row = (label: string, fen: number) => html`<tr><th>${label}</th><td class="num">${formatYuanGrouped(fen)}</td></tr>`;
  return html`<table class="claim">
  ${row('本金 principal', totals.principalFen)}${row('利息 interest', totals.interestFen)}${row('罚息 penalty', totals.penaltyFen)}
  ${row('复利 compound', totals.compoundFen)}${row('费用 fees', totals.feesFen)}
  <tr class="total"><th>合计 total（截至 ${claim.data.asOf}）</th><td class="num">${formatYuanGrouped(totals.totalFen)}</td></tr>
</table>
<p>${claim.data.totalInWords}</p>
<p class="muted">利率上限 cap ${cap.capRate}/年：${cap.binding ? html`已适用，核减 ${formatYuanGrouped(cap.reductionFen)} 元` : '未触及'}</p>`;
}

export interface CaseDetailView {
  principal: Principal;
  detail: CaseDetail;
  lawFirms: Array<{ id: string; name: string }>;
}

export function caseDetailFragment({ principal, detail, lawFirms }: CaseDetailView): Html {
  const blockers = Blockers.safeParse(detail.blockers);
  const fact = (label: string, value: unknown) => html`<dt>${label}</dt><dd>${value ?? '—'}</dd>`;
  const names: CaseFileNames = {
    lawFirms: new Map(lawFirms.map((f) => [f.id, f.name])),
    documents: new Map(detail.documents.map((d) => [d.id, d.name])),
  };
  return html`${navigation(principal, 'cases')}
<p><a href="#/">← 案件列表 Cases</a></p>
<h2>${detail.contractNumber} · ${detail.borrower.name} ${status(detail.status)} ${detail.stale ? html`<span class="flag">律所久未更新 no recent update</span>` : ''}</h2>
<p class="muted">案件编号 ${detail.id} · ${beijingTime(detail.createdAt)} 由 ${actorText(detail.escalatedBy)} 升级</p>
<div class="grid">
<section class="panel"><h3>案件 Case</h3><dl>
  ${fact('贷款机构', detail.lender.name)}${fact('律所', detail.lawFirm?.name)}${fact('合同编号', detail.contractNumber)}
  ${fact('升级原因', detail.reason)}${fact('答复期限（天）', detail.responseDays)}${fact('法院', detail.court)}${fact('案号', detail.courtCaseNumber)}
  ${fact('下一期限', detail.nextDeadline ? `${detail.nextDeadline.date} ${deadlineKindLabel(detail.nextDeadline.kind)}` : null)}
</dl></section>
<section class="panel"><h3>借款人 Borrower</h3><dl>
  ${fact('姓名', detail.borrower.name)}${fact('身份证号', detail.borrower.idNumber)}${fact('手机', detail.borrower.phone)}${fact('地址', detail.borrower.address)}
</dl></section>
<section class="panel"><h3>借款 Loan</h3><dl>
  ${fact('本金（元）', formatYuanGrouped(parseYuan(detail.loan.principal)))}${fact('放款日', detail.loan.disbursementDate)}
  ${fact('到期日', detail.loan.maturityDate)}${fact('还款方式', REPAYMENT_LABELS[detail.loan.repaymentMethod] ?? detail.loan.repaymentMethod)}
</dl></section>
<section class="panel"><h3>诉讼时效 Limitation</h3><p>${limitation(detail.limitationDeadline, detail.limitationStatus)}</p>
${detail.stepFailing ? html`<p class="flag">步骤反复失败 step failing ×${detail.stepFailing.count}（${detail.stepFailing.kind === 'bad_data' ? '数据有误，待更正' : '暂时故障，将自动重试'}${detail.stepFailing.activity ? ` · ${detail.stepFailing.activity}` : ''}）</p>` : ''}
${blockers.success ? blockersSection(blockers.data) : ''}
</section>
</div>
<section class="panel"><h3>诉请 Claim</h3>${claimSection(detail)}</section>
${principal.role === 'legal' ? legalActions(detail, lawFirms) : principal.role === 'lawyer' ? lawyerActions(detail) : ''}
${documentsSection(detail)}
${timelineSection(detail, names)}`;
}
