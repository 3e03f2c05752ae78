// Runs autocannon in its own process, so the load generator does not take CPU time from the
// server it measures. Options come as JSON in argv[2]; the figures go to stdout as one JSON line.
// Percentiles are taken from each response's own time (autocannon's histogram keeps whole
// milliseconds, too coarse for loopback routes that answer in a fraction of one).
import autocannon, { type Options, type Result } from 'autocannon';

const latencies: number[] = [];
const result = await new Promise<Result>((resolve, reject) => {
  const run = autocannon(JSON.parse(process.argv[2] ?? '{}') as Options, (error, done) => (error ? reject(error) : resolve(done)));
  run.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
});
latencies.sort((a, b) => a - b);
const percentile = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0).toFixed(3));
console.log(
  JSON.stringify({
    p50: percentile(50),
    p99: percentile(99),
    requests: result.requests.average,
    throughput: result.throughput.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
