/**
 * The legal team's dashboard: the figures of `GET /v1/analytics` as tables and server-rendered
 * SVG bar charts (no script, no library; every bar carries its number as text too).
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Principal } from '../../db/schema.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import { formatYuanGrouped, parseYuan } from '../../domain/money.ts';
import type { Analytics } from '../analytics/portfolio.ts';
import { navigation } from './work-pages.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Horizontal bars: one row per item, its label whole above the bar, the number right of the bar. */
function barChart(title: string, items: Array<{ label: string; value: number; text: string }>): Html {
  const max = Math.max(1, ...items.map((i) => i.value));
  const row = 42;
  // Drawn at about the size a dashboard panel shows it, so the text is not scaled down.
  const width = 380;
  const barSpace = width - 80;
  const height = items.length * row + 4;
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" preserveAspectRatio="xMinYMin meet">
<title>${title}</title>
${items.map((item, i) => {
  const y = 2 + i * row;
  const w = Math.max(1, Math.round((item.value / max) * barSpace));
  // A label longer than the chart is wide is shortened (the tables have the names whole).
  const label = item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label;
  return html`<text x="0" y="${y + 14}" class="chart-label">${label}</text>
<rect x="0" y="${y + 20}" width="${w}" height="14" class="chart-bar"></rect>
<text x="${w + 6}" y="${y + 32}" class="chart-value">${item.text}</text>`;
})}
</svg><figcaption>${title}</figcaption></figure>`;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const yuan = (amount: string) => formatYuanGrouped(parseYuan(amount));

export function dashboardFragment(principal: Principal, analytics: Analytics, statusLabel: (s: CaseStatus) => string): Html {
  // On a phone each row becomes a card (app.css, table.cards) with every figure named.
  const columns = ['案件数', '立案数', '立案率', '升级至立案（天）', '胜诉判决', '判决金额（元）', '回款（元）', '回款率'];
  const recoveryTable = (rows: Array<Analytics['byStage'][number] & { label: string }>) => html`<div class="table-wrap"><table class="recovery cards">
<thead><tr><th scope="col">分组</th>${columns.map((c) => html`<th scope="col" class="num">${c}</th>`)}</tr></thead>
<tbody>${rows.map((r) => {
    const figures = [String(r.cases), String(r.filed), percent(r.filedRate), String(r.averageDaysToFiling ?? '—'), String(r.judgmentsWon), yuan(r.awarded), yuan(r.recovered), percent(r.recoveryRate)];
    return html`<tr><th scope="row">${r.label}</th>${figures.map((f, i) => html`<td class="num" data-label="${columns[i]}">${f}</td>`)}</tr>`;
  })}</tbody></table></div>`;
  return html`${navigation(principal, 'dashboard')}
<h2>统计 Dashboard <small class="muted">截至 ${analytics.asOf}</small></h2>
<div class="grid">
<section class="panel"><h3>案件状态 Cases by status</h3>
${analytics.byStatus.length === 0 ? html`<p class="muted">暂无案件 No cases</p>` : barChart('各状态案件数 Cases by status', analytics.byStatus.map((s) => ({ label: statusLabel(s.status), value: s.cases, text: `${s.cases} 件` })))}
</section>
<section class="panel"><h3>90 天内诉讼时效届满 Limitation within 90 days</h3>
<p><strong class="big">${analytics.limitationWithin90Days.count}</strong> 件</p>
${analytics.limitationWithin90Days.soonest.length === 0 ? '' : html`<table><thead><tr><th scope="col">合同编号</th><th scope="col">届满日</th><th scope="col">状态</th></tr></thead><tbody>
${analytics.limitationWithin90Days.soonest.map((c) => html`<tr><td><a href="#/cases/${c.caseId}">${c.contractNumber}</a></td><td>${c.deadline}</td><td>${statusLabel(c.status)}</td></tr>`)}
</tbody></table>`}
</section>
<section class="panel"><h3>律所久未更新 Stale at a firm</h3>
${analytics.staleAtFirm.length === 0 ? html`<p class="muted">没有 None</p>` : barChart('各律所久未更新案件数 Stale cases per firm', analytics.staleAtFirm.map((s) => ({ label: s.lawFirm, value: s.cases, text: `${s.cases} 件` })))}
</section>
</div>
<section class="panel"><h3>回款 · 按律所 Recovery by firm</h3>
${analytics.byFirm.length === 0 ? '' : barChart('各律所回款率 Recovery rate by firm', analytics.byFirm.map((f) => ({ label: f.lawFirm ?? '未指定律所', value: f.recoveryRate ?? 0, text: percent(f.recoveryRate) })))}
${recoveryTable(analytics.byFirm.map((f) => ({ ...f, status: 'closed' as const, label: f.lawFirm ?? '未指定律所 no firm' })))}
</section>
<section class="panel"><h3>回款 · 按阶段 Recovery by stage</h3>
${recoveryTable(analytics.byStage.map((s) => ({ ...s, label: statusLabel(s.status) })))}
</section>`;
}
