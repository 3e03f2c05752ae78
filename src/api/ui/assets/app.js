// The web pages' one script. It keeps the pasted API token in this tab's sessionStorage (gone when
// the tab closes, never sent anywhere but this origin), fetches server-rendered HTML fragments with
// it as a Bearer token, posts the forms as JSON to the API routes they name, and downloads files
// through fetch so that the token never appears in a URL.
const TOKEN_KEY = 'legal-escalation.token';
// When this browser last showed the case list (per browser, in localStorage): rows changed since are marked "new".
const LAST_VISIT_KEY = 'legal-escalation.last-visit';
const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');
const message = document.getElementById('message');

const token = () => sessionStorage.getItem(TOKEN_KEY);

function show(text) {
  message.textContent = text;
  message.hidden = !text;
}

function signedOut(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  view.replaceChildren();
  signIn.hidden = false;
  signOut.hidden = true;
  show(reason ?? '');
  document.getElementById('token-input')?.focus();
}

const REVOKED = '令牌无效、已撤销或已过期，请重新登录。The token was not accepted (unknown, revoked or expired). Sign in again.';

/** Busy (429 rate limit, 503 database or Temporal busy) changes nothing on the server: wait as told and try again, twice at most. */
const BUSY = new Set([429, 503]);

async function request(url, init = {}) {
  let response;
  for (let attempt = 0; ; attempt++) {
    response = await fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token()}` } });
    if (!BUSY.has(response.status) || attempt >= 2) break;
    const seconds = Math.min(Number(response.headers.get('Retry-After')) || 1, 5);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
  if (response.status === 401) {
    signedOut(REVOKED);
    return undefined;
  }
  return response;
}

async function requestOk(url) {
  const response = await request(url);
  if (!response) return undefined;
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    show(body?.error?.message ?? `${response.status} ${response.statusText}`);
    return undefined;
  }
  return response;
}

function fragmentUrl() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const match = /^\/cases\/([^/]+)$/.exec(path ?? '');
  if (match) return `/ui/cases/${encodeURIComponent(decodeURIComponent(match[1]))}`;
  if (path === '/loans') return `/ui/loans?${query}`;
  if (path === '/dashboard') return `/ui/dashboard`;
  const batch = /^\/escalation-batches\/([^/]+)$/.exec(path ?? '');
  if (batch) return `/ui/escalation-batches/${encodeURIComponent(decodeURIComponent(batch[1]))}`;
  if (path === '/filing') return '/ui/filing';
  const filing = /^\/filing-batches\/([^/]+)$/.exec(path ?? '');
  if (filing) return `/ui/filing-batches/${encodeURIComponent(decodeURIComponent(filing[1]))}`;
  return `/ui/cases?${query}`;
}

function markNew() {
  const rows = view.querySelectorAll('tr[data-updated]');
  if (rows.length === 0 || !document.getElementById('since-note')) return;
  const last = localStorage.getItem(LAST_VISIT_KEY);
  for (const row of rows) {
    const isNew = last === null || row.dataset.updated > last;
    row.classList.toggle('new', isNew);
    const badge = row.querySelector('.new-badge');
    if (badge) badge.hidden = !isNew;
  }
  localStorage.setItem(LAST_VISIT_KEY, new Date().toISOString());
}

// Fragments are rendered and escaped by the server; they hold no scripts (and the CSP would block any).
async function render() {
  clearTimeout(pollTimer);
  if (!token()) return signedOut();
  signIn.hidden = true;
  signOut.hidden = false;
  show('');
  const response = await requestOk(fragmentUrl());
  if (!response) return;
  view.innerHTML = await response.text();
  markNew();
  const heading = view.querySelector('h2');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  schedulePoll();
}

// ---- a view that follows work in progress (an escalation batch): fetched again while it says data-poll ----

let pollTimer;

function schedulePoll() {
  clearTimeout(pollTimer);
  const polled = view.querySelector('[data-poll]');
  if (!polled) return;
  const hash = location.hash;
  pollTimer = setTimeout(() => refresh(hash), Number(polled.dataset.poll) || 1000);
}

/** Replaces the view with its newer state where the reader is: focus and scroll stay; the end is announced once. */
async function refresh(hash) {
  if (location.hash !== hash || !token()) return;
  const response = await requestOk(fragmentUrl());
  if (!response || location.hash !== hash) return;
  const text = await response.text();
  const focused = view.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = focused?.id ? `#${CSS.escape(focused.id)}` : focused?.getAttribute('href') ? `[href="${CSS.escape(focused.getAttribute('href'))}"]` : null;
  view.innerHTML = text;
  const heading = view.querySelector('h2');
  if (heading) heading.tabIndex = -1;
  const again = (focusKey && view.querySelector(focusKey)) || (focused ? heading : null);
  again?.focus({ preventScroll: true });
  if (view.querySelector('[data-poll]')) schedulePoll();
  else announce(view.querySelector('[data-summary]')?.textContent ?? '');
}

function fileNameOf(response) {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) return decodeURIComponent(utf8[1]);
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? 'download';
}

async function download(url) {
  const response = await requestOk(url);
  if (!response) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileNameOf(response);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

// ---- forms ----

function clearErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/** Puts each of the API's problems next to the field it names (`installments[0].amount` → installments); the rest under the form. */
function showErrors(form, error) {
  const general = form.querySelector('[data-error-for=""]');
  const details = error?.details ?? [];
  const unplaced = [];
  for (const detail of details) {
    const name = String(detail.path ?? '').split(/[.[]/)[0];
    const slot = name ? form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) : null;
    if (slot) {
      slot.textContent = [slot.textContent, detail.message].filter(Boolean).join('；');
      form.querySelector(`[name="${CSS.escape(name)}"]`)?.setAttribute('aria-invalid', 'true');
    } else unplaced.push(detail.path ? `${detail.path}: ${detail.message}` : detail.message);
  }
  if (general) general.textContent = [error?.message ?? '请求失败 Request failed', ...unplaced].join('；');
}

/** The form's fields as the API's JSON: empty fields left out; "date amount" lines as a list of objects. */
function bodyOf(form) {
  const body = { ...JSON.parse(form.dataset.fixed ?? '{}') };
  for (const element of form.elements) {
    if (!element.name || element.type === 'submit' || element.type === 'file') continue;
    const value = element.value.trim();
    if (value === '') continue;
    if (element.dataset.lines) {
      const keys = element.dataset.lines.split(' ');
      body[element.name] = value.split(/\n+/).map((line) => Object.fromEntries(line.trim().split(/\s+/).map((part, i) => [keys[i] ?? `extra${i}`, part])));
    } else body[element.name] = value;
  }
  return body;
}

async function submitApiForm(form) {
  clearErrors(form);
  const response = await request(form.dataset.api, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(bodyOf(form)),
  });
  if (!response) return;
  const body = await response.json().catch(() => undefined);
  if (!response.ok) return showErrors(form, body?.error);
  // A form that makes something goes to its page: `{field}` in data-then is that field of the answer.
  if (form.dataset.then) {
    announce('已提交 Saved');
    location.hash = form.dataset.then.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(String(body?.[key] ?? '')));
    return;
  }
  await render();
  show('');
  message.hidden = true;
  announce('已提交 Saved');
}

async function submitUpload(form) {
  clearErrors(form);
  const file = form.elements.file.files[0];
  const query = new URLSearchParams({ kind: form.elements.kind.value, title: form.elements.title.value.trim() });
  const response = await request(`${form.dataset.upload}?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pdf' },
    body: file ?? new Uint8Array(),
  });
  if (!response) return;
  if (!response.ok) return showErrors(form, (await response.json().catch(() => undefined))?.error);
  await render();
  announce('已上传 Uploaded');
}

function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  setTimeout(() => (status.textContent = ''), 4000);
}

/**
 * Escalates one loan (the row's button: one escalation, its case linked at once) or the ticked ones
 * (one escalation batch, whose progress page the browser then shows). The batch carries an
 * Idempotency-Key made once per submission, so the retries of a busy answer ask for the same batch.
 */
async function escalate(form, submitter) {
  const results = form.querySelector('.results');
  results.replaceChildren();
  clearErrors(form);
  const reason = form.elements.reason.value.trim();
  const lawFirmId = form.elements.lawFirmId.value;
  const fields = { reason, ...(lawFirmId ? { lawFirmId } : {}) };
  if (submitter?.name === 'only') return escalateOne(form, submitter, fields);
  const loanIds = [...form.querySelectorAll('input[name="loanId"]:checked')].map((box) => box.value);
  if (loanIds.length === 0) {
    form.querySelector('[data-error-for=""]').textContent = '请先勾选贷款 Tick the loans to escalate first';
    return;
  }
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  try {
    const response = await request('/v1/escalation-batches', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ loanIds, ...fields }),
    });
    if (!response) return;
    const body = await response.json().catch(() => undefined);
    if (!response.ok) return showErrors(form, body?.error);
    announce(`已提交批量升级 ${loanIds.length} 笔 Batch submitted`);
    location.hash = `#/escalation-batches/${encodeURIComponent(body.batchId)}`;
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

async function escalateOne(form, button, fields) {
  const results = form.querySelector('.results');
  const loanId = button.value;
  const name = button.dataset.contract ?? loanId;
  const response = await request('/v1/escalations', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ loanId, ...fields }),
  });
  if (!response) return;
  const body = await response.json().catch(() => undefined);
  const item = document.createElement('li');
  if (response.ok) {
    const link = document.createElement('a');
    link.href = `#/cases/${encodeURIComponent(body.caseId)}`;
    link.textContent = `${name} → 已升级，查看案件 View the case`;
    item.append(link);
    announce(`${name} 已升级 Escalated`);
  } else {
    item.textContent = `${name}：${body?.error?.message ?? response.status}`;
    for (const detail of body?.error?.details ?? []) {
      const slot = form.querySelector(`[data-error-for="${CSS.escape(String(detail.path).split(/[.[]/)[0])}"]`);
      if (slot) slot.textContent = detail.message;
    }
  }
  results.append(item);
}

/** A form's filled fields as a query string (empty ones left out). */
function queryOf(form) {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value) query.set(name, value.toString());
  return query;
}

document.getElementById('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = new FormData(event.target).get('token')?.toString().trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  event.target.reset();
  render();
});

signOut.addEventListener('click', () => signedOut());

view.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.id === 'filters' || form.id === 'loan-filters') {
    event.preventDefault();
    location.hash = `${form.dataset.route ?? '#/'}?${queryOf(form)}`;
  } else if (form.id === 'escalate') {
    event.preventDefault();
    escalate(form, event.submitter);
  } else if (form.dataset.downloadForm) {
    // A download asked for by a form (a day): fetched with the token like every download, never put in a URL the browser opens.
    event.preventDefault();
    download(`${form.dataset.downloadForm}?${queryOf(form)}`);
  } else if (form.dataset.api) {
    event.preventDefault();
    submitApiForm(form);
  } else if (form.dataset.upload) {
    event.preventDefault();
    submitUpload(form);
  }
});

view.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-download]');
  if (!link) return;
  event.preventDefault();
  download(link.getAttribute('href'));
});

window.addEventListener('hashchange', render);
render();
