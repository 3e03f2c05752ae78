// Runs autocannon in its own process, so the load generator does not take CPU time from the
// server it measures. Options come as JSON in argv[2]; the figures go to stdout as one JSON line.
import autocannon, { type Options } from 'autocannon';

const result = await autocannon(JSON.parse(process.argv[2] ?? '{}') as Options);
console.log(
  JSON.stringify({
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.average,
    throughput: result.throughput.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
