/**
 * An escalation batch as the legal team follows it (`#/escalation-batches/{batchId}`): how far it
 * is (loans handled of those accepted), its cases by status, the loans it refused with the reason in
 * words, and the cases it opened, each by contract number and borrower. The figures are those of
 * `GET /v1/escalation-batches/{batchId}` (the same function reads them). While the batch runs the
 * fragment carries `data-poll`: the page script fetches it again after that many milliseconds and
 * announces the summary line when the batch completes.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { BatchProgress, RefusalReason } from '../../batch/contract.ts';
import type { Principal } from '../../db/schema.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import { actorText } from './case-file.ts';
import { beijingTime, navigation } from './work-pages.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** How often the page asks again while the batch runs. */
const POLL_MS = 1000;

/** Why a loan got no case from the batch, as the legal team says it. */
const REFUSAL_TEXT: Record<RefusalReason, string> = {
  unknown_loan: '没有这笔贷款',
  other_lender: '不属于所选贷款机构',
  not_overdue: '尚未逾期：没有到期未还的分期',
  already_escalated: '已有进行中的案件',
  already_in_litigation: '案件已在诉讼中',
  evidence_blocker: '证据不全，案件等待补充证据',
  escalation_failed: '升级失败，请稍后重试或联系管理员',
};

/** A loan of the batch as the page names it. */
export interface BatchLoan {
  loanId: string;
  contractNumber: string;
  borrowerName: string;
}

/** A case the batch opened. */
export interface OpenedCase extends BatchLoan {
  caseId: string;
  status: CaseStatus;
}

export interface BatchView {
  principal: Principal;
  progress: BatchProgress;
  /** Who asked for it (an actor label, `legal:王律`). */
  requestedBy: string;
  /** The loans the refusals name, by loan id (a loan unknown to us is absent). */
  loans: ReadonlyMap<string, BatchLoan>;
  /** The first cases the batch opened, in the batch's order. */
  opened: OpenedCase[];
  /** At most this many rows of each list are shown. */
  shown: number;
  statusLabel: (status: CaseStatus) => string;
}

export function escalationBatchFragment(view: BatchView): Html {
  const { progress, loans, statusLabel } = view;
  const running = progress.status === 'running';
  const counts = Object.entries(progress.counts) as Array<[CaseStatus | 'pending', number]>;
  const openedTotal = counts.filter(([s]) => s !== 'pending').reduce((sum, [, n]) => sum + n, 0);
  const summary = running
    ? `批量升级进行中：已处理 ${progress.progress.done} / ${progress.progress.total} 笔`
    : `批量升级已完成：开立案件 ${openedTotal} 件，未升级或受阻 ${progress.refused.length} 笔`;
  const refusedShown = progress.refused.slice(0, view.shown);
  const more = (total: number, shownCount: number) => (total > shownCount ? html`<p class="muted">仅列出前 ${shownCount} 笔，共 ${total} 笔。</p>` : '');
  return html`${navigation(view.principal, 'loans')}
<p><a href="#/loans">← 逾期贷款 Overdue loans</a></p>
<div class="batch" ${running ? html`data-poll="${POLL_MS}"` : ''}>
<h2>批量升级 Escalation batch <span class="status ${running ? 'status-running' : 'status-closed'}">${running ? '进行中 running' : '已完成 completed'}</span></h2>
<p class="muted">${beijingTime(progress.createdAt)} 由 ${actorText(view.requestedBy)} 提交${progress.completedAt ? `，${beijingTime(progress.completedAt)} 完成` : ''}</p>
<section class="panel">
  <p class="batch-summary" data-summary>${summary}</p>
  <p><label for="batch-progress">进度 Progress</label>
    <progress id="batch-progress" max="${Math.max(progress.progress.total, 1)}" value="${progress.progress.done}">${progress.progress.done} / ${progress.progress.total}</progress>
    <span class="num">${progress.progress.done} / ${progress.progress.total}</span></p>
  <table class="batch-counts">
    <caption>已受理 ${progress.accepted} 笔，按案件状态 Accepted loans by case status</caption>
    <thead><tr><th scope="col">状态</th><th scope="col" class="num">笔数</th></tr></thead>
    <tbody>
    ${counts.length === 0 ? html`<tr><td colspan="2" class="muted">没有受理的贷款 No loan accepted</td></tr>` : ''}
    ${counts.map(([status, n]) => html`<tr><td>${status === 'pending' ? '等待升级 waiting' : statusLabel(status)}</td><td class="num">${n}</td></tr>`)}
    </tbody>
  </table>
</section>
${progress.refused.length === 0 ? '' : html`<section class="panel">
<h3>未升级或受阻 Refused or blocked（${progress.refused.length}）</h3>
<table class="batch-refused cards">
<thead><tr><th scope="col">合同编号</th><th scope="col">借款人</th><th scope="col">原因</th><th scope="col">案件</th></tr></thead>
<tbody>
${refusedShown.map((r) => {
  const loan = loans.get(r.loanId);
  return html`<tr>
  <td data-label="合同编号">${loan?.contractNumber ?? html`<span class="muted">未知贷款 unknown loan</span>`}</td>
  <td data-label="借款人">${loan?.borrowerName ?? '—'}</td>
  <td data-label="原因">${REFUSAL_TEXT[r.reason]}${r.reason === 'escalation_failed' ? html`<br><small class="muted">${r.message}</small>` : ''}</td>
  <td data-label="案件">${r.caseId ? html`<a href="#/cases/${r.caseId}">查看案件 View case</a>` : '—'}</td>
</tr>`;
})}
</tbody></table>
${more(progress.refused.length, refusedShown.length)}
</section>`}
${view.opened.length === 0 ? '' : html`<section class="panel">
<h3>开立的案件 Cases opened（${openedTotal}）</h3>
<table class="batch-cases cards">
<thead><tr><th scope="col">合同编号</th><th scope="col">借款人</th><th scope="col">状态</th><th scope="col">案件</th></tr></thead>
<tbody>
${view.opened.map(
  (c) => html`<tr>
  <td data-label="合同编号">${c.contractNumber}</td>
  <td data-label="借款人">${c.borrowerName}</td>
  <td data-label="状态"><span class="status status-${c.status}">${statusLabel(c.status)}</span></td>
  <td data-label="案件"><a href="#/cases/${c.caseId}">查看案件 View case</a></td>
</tr>`,
)}
</tbody></table>
${more(openedTotal, view.opened.length)}
</section>`}
</div>`;
}
