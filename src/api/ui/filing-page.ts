/**
 * Court filing (集中立案) as the legal team and a firm's lawyers do it in the pages (`#/filing`):
 * the handed-off cases waiting to be filed, by firm; one click makes a filing batch of them
 * (`POST /v1/filing-batches`, all firms or one; a lawyer's is their firm's) and shows it
 * (`#/filing-batches/{batchId}`): one ZIP per receiving court, each downloaded by its button.
 * A lawyer also downloads every packet handed to the firm since a day, as one ZIP. The newest
 * batches are listed to come back to. Figures and archives are the API's own.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { CourtArchiveRef, FilingBatchSummary } from '../../batch/filing.ts';
import type { Principal } from '../../db/schema.ts';
import { apiForm, beijingTime, dateInput, labelled, navigation } from './work-pages.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A firm with the cases handed to it and not yet filed. */
export interface FirmWaiting {
  id: string;
  name: string;
  cases: number;
}

export interface FilingView {
  principal: Principal;
  /** Firms the principal sees with handed-off cases (a lawyer: their own), by name. */
  firms: FirmWaiting[];
  batches: FilingBatchSummary[];
}

const ARCHIVE_CONTENTS = '每个法院一个 ZIP：各案件的诉讼材料包、该院全部案件的诉讼要素表（XLSX 与 CSV）、index.json 与 SHA256SUMS（每个文件的 SHA-256，可用 sha256sum -c 核对）。';

export function filingFragment(view: FilingView): Html {
  const { principal, firms, batches } = view;
  const lawyer = principal.role === 'lawyer';
  const waiting = firms.reduce((sum, f) => sum + f.cases, 0);
  return html`${navigation(principal, 'filing')}
<h2>集中立案 Court filing</h2>
<p class="muted">把已移交律所、尚未立案的案件按受诉法院分组打包。${ARCHIVE_CONTENTS}</p>
<section class="panel">
<h3>待立案案件 Handed-off cases（${waiting}）</h3>
${waiting === 0
  ? html`<p class="muted">没有待立案的案件 No handed-off case is waiting to be filed.</p>`
  : html`<table class="filing-waiting">
<thead><tr><th scope="col">律所 Law firm</th><th scope="col" class="num">案件数 Cases</th></tr></thead>
<tbody>${firms.map((f) => html`<tr><td>${f.name}</td><td class="num">${f.cases}</td></tr>`)}</tbody>
</table>
${apiForm({
  api: '/v1/filing-batches',
  then: '#/filing-batches/{batchId}',
  submit: '生成立案批次 Make the filing batch',
  fields: (id) =>
    lawyer
      ? []
      : [
          labelled(
            id('lawFirmId'),
            '律所 Law firm',
            'lawFirmId',
            html`<select id="${id('lawFirmId')}" name="lawFirmId"><option value="">全部律所 All firms（${waiting}）</option>${firms.map((f) => html`<option value="${f.id}">${f.name}（${f.cases}）</option>`)}</select>`,
          ),
        ],
})}`}
</section>
${lawyer
  ? html`<section class="panel">
<h3>下载移交材料包 Packets handed to us</h3>
<form class="api-form" data-download-form="/v1/handed-off-packets" novalidate>
  ${dateInput('handed-since', 'since', '移交日期起 Handed over on or after')}
  <button type="submit">下载 ZIP Download</button>
</form>
</section>`
  : ''}
<section class="panel">
<h3>立案批次 Filing batches</h3>
${batches.length === 0
  ? html`<p class="muted">还没有立案批次 No filing batch yet.</p>`
  : html`<table class="filing-batches cards">
<thead><tr><th scope="col">生成时间</th><th scope="col">律所</th><th scope="col" class="num">法院</th><th scope="col" class="num">案件</th><th scope="col">提交人</th><th scope="col">批次</th></tr></thead>
<tbody>${batches.map(
  (b) => html`<tr>
  <td data-label="生成时间">${beijingTime(b.createdAt)}</td>
  <td data-label="律所">${b.lawFirmName ?? '全部律所'}</td>
  <td data-label="法院" class="num">${b.courts}</td>
  <td data-label="案件" class="num">${b.cases}</td>
  <td data-label="提交人">${b.requestedBy}</td>
  <td data-label="批次"><a href="#/filing-batches/${b.batchId}">查看与下载 Open</a></td>
</tr>`,
)}</tbody>
</table>`}
</section>`;
}

export interface FilingBatchView {
  principal: Principal;
  batchId: string;
  createdAt: string;
  lawFirmName: string | null;
  courts: CourtArchiveRef[];
}

export function filingBatchFragment(view: FilingBatchView): Html {
  const cases = view.courts.reduce((sum, c) => sum + c.cases, 0);
  return html`${navigation(view.principal, 'filing')}
<p><a href="#/filing">← 集中立案 Court filing</a></p>
<h2>立案批次 Filing batch</h2>
<p class="muted">${beijingTime(view.createdAt)} 生成 · ${view.lawFirmName ?? '全部律所'} · ${view.courts.length} 个法院，${cases} 件</p>
<section class="panel">
<table class="filing-courts cards">
<caption>按受诉法院 By receiving court</caption>
<thead><tr><th scope="col">受诉法院 Court</th><th scope="col" class="num">案件数 Cases</th><th scope="col">材料 Archive</th></tr></thead>
<tbody>${view.courts.map(
  (c) => html`<tr>
  <td data-label="受诉法院">${c.court}</td>
  <td data-label="案件数" class="num">${c.cases}</td>
  <td data-label="材料"><a href="/v1/filing-batches/${view.batchId}/archives/${c.archive}" data-download class="button" aria-label="下载 ZIP Download：${c.court}">下载 ZIP Download</a></td>
</tr>`,
)}</tbody>
</table>
<p class="muted">${ARCHIVE_CONTENTS}每次下载都记入审计日志。</p>
</section>`;
}
