// The web pages' one script. It keeps the pasted API token in this tab's sessionStorage (gone when
// the tab closes, never sent anywhere but this origin), fetches server-rendered HTML fragments with
// it as a Bearer token, and downloads files through fetch so that the token never appears in a URL.
const TOKEN_KEY = 'legal-escalation.token';
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
}

async function request(url) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  if (response.status === 401) {
    signedOut('The token was not accepted (unknown, revoked or expired). Sign in again.');
    return undefined;
  }
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    show(body?.error?.message ?? `${response.status} ${response.statusText}`);
    return undefined;
  }
  return response;
}

// Fragments are rendered and escaped by the server; they hold no scripts (and the CSP would block any).
async function render() {
  if (!token()) return signedOut();
  signIn.hidden = true;
  signOut.hidden = false;
  show('');
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const match = /^\/cases\/([^/]+)$/.exec(path ?? '');
  const url = match ? `/ui/cases/${encodeURIComponent(decodeURIComponent(match[1]))}` : `/ui/cases?${query}`;
  const response = await request(url);
  if (response) view.innerHTML = await response.text();
}

function fileNameOf(response) {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) return decodeURIComponent(utf8[1]);
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? 'download';
}

async function download(url) {
  const response = await request(url);
  if (!response) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileNameOf(response);
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
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
  if (event.target.id !== 'filters') return;
  event.preventDefault();
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(event.target)) if (value) query.set(name, value.toString());
  location.hash = `#/?${query}`;
});

view.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-download]');
  if (!link) return;
  event.preventDefault();
  download(link.getAttribute('href'));
});

window.addEventListener('hashchange', render);
render();
