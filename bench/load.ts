// Drives the load generator (./load-process.ts, autocannon in a process of its own, so it takes no
// CPU time from the server it measures) and answers with its figures.
import { childFigures } from './child-figures.ts';

export interface LoadResult {
  p50: number;
  p99: number;
  requests: number;
  throughput: number;
  non2xx: number;
  errors: number;
}

/** Runs the load generator with autocannon's options; resolves with its figures once it is done. */
export function load(options: Record<string, unknown>): Promise<LoadResult> {
  return childFigures<LoadResult>(new URL('./load-process.ts', import.meta.url), options);
}
