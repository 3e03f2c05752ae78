/**
 * Workflow histories as JSON fixtures, for the replay test. Written and read with the proto
 * classes of @temporalio/proto (int64 as strings, bytes as base64, enums by name):
 * @temporalio/common's historyToJSON cannot be used here, because it pairs its own protobufjs 8
 * with the protobufjs 7 types of @temporalio/proto installed beside it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import proto from '@temporalio/proto';

const { History } = proto.temporal.api.history.v1;
const JSON_FORM = { longs: String, enums: String, bytes: String } as const;

export interface HistoryFixture {
  workflowId: string;
  history: proto.temporal.api.history.v1.IHistory;
}

export function writeHistoryFixture(path: string, workflowId: string, history: proto.temporal.api.history.v1.IHistory): void {
  const plain = History.toObject(History.fromObject(history), JSON_FORM);
  writeFileSync(path, `${JSON.stringify({ workflowId, history: plain })}\n`);
}

export function readHistoryFixture(path: string): HistoryFixture {
  const { workflowId, history } = JSON.parse(readFileSync(path, 'utf8')) as { workflowId: string; history: Record<string, unknown> };
  return { workflowId, history: History.fromObject(history) };
}
