// Downloads a filing batch's court archives as a clerk's client would, in a process of its own (so
// the client takes no CPU time from the bench process, which also runs the worker), and samples the
// API process's RSS meanwhile. Options come as JSON in argv[2]: { apiUrl, token, urls, passes,
// apiPid }. Every archive is downloaded once per pass; the figures go to stdout as one JSON line,
// one entry per pass: bytes, seconds, the API's RSS before the pass and at its peak.
import { readFileSync } from 'node:fs';

export interface DownloadPass {
  bytes: number;
  seconds: number;
  apiRssBefore: number;
  apiRssPeak: number;
}

const { apiUrl, token, urls, passes, apiPid } = JSON.parse(process.argv[2] ?? '{}') as { apiUrl: string; token: string; urls: string[]; passes: number; apiPid: number };
const headers = { authorization: `Bearer ${token}` };
const apiRss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${apiPid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

const figures: DownloadPass[] = [];
for (let pass = 0; pass < passes; pass++) {
  const apiRssBefore = apiRss();
  let apiRssPeak = apiRssBefore;
  const sampler = setInterval(() => {
    apiRssPeak = Math.max(apiRssPeak, apiRss());
  }, 20);
  let bytes = 0;
  const started = performance.now();
  for (const url of urls) {
    const res = await fetch(`${apiUrl}${url}`, { headers });
    if (res.status !== 200 || res.body === null) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    for await (const chunk of res.body) bytes += chunk.length;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  figures.push({ bytes, seconds, apiRssBefore, apiRssPeak: Math.max(apiRssPeak, apiRss()) });
}
console.log(JSON.stringify(figures));
