/**
 * The case workflow's updates, signal and query. Validators refuse, before anything is recorded,
 * what the case cannot take now (→ 409) or what is malformed (→ 422); accepted commands go to the
 * main loop's queue and are answered once processed and written to the read model.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import {
  type Actor,
  CASE_CONFLICT,
  type CaseEventCommand,
  CaseEventInput,
  caseEventUpdate,
  type CaseRef,
  type CaseState,
  caseStateQuery,
  type CaseView,
  type EvidenceSupplied,
  evidenceSuppliedSignal,
  type HandoffCommand,
  handoffUpdate,
  type MilestoneCommand,
  MilestoneInput,
  milestoneUpdate,
  today,
  UNPROCESSABLE,
} from '../contract.ts';
import { type Rejection } from './context.ts';
import { eventDataProblem, milestoneDataProblem } from './event-data.ts';
import { eventConflict, handoffConflict, milestoneConflict } from './state.ts';

export type Command =
  | { kind: 'event'; command: CaseEventCommand }
  | { kind: 'milestone'; command: MilestoneCommand }
  | { kind: 'handoff'; command: HandoffCommand };

export interface HandlerTarget {
  readonly state: CaseState;
  /** Queues the command and resolves with the case once it is processed (rejects with its refusal). */
  submit(command: Command): Promise<CaseRef>;
  evidenceSupplied(signal: EvidenceSupplied): void;
  view(): CaseView;
}

export function reject(rejection: Rejection): never {
  throw ApplicationFailure.create({ type: rejection.type, message: rejection.message, nonRetryable: true });
}

function checkActor(actor: Actor | undefined): void {
  if (typeof actor?.name !== 'string' || !['legal', 'lawyer', 'system'].includes(actor.role)) {
    reject({ type: UNPROCESSABLE, message: 'the command needs an actor {principalId, role, name}' });
  }
}

export function installHandlers(target: HandlerTarget): void {
  setHandler(caseEventUpdate, (command) => target.submit({ kind: 'event', command }), {
    validator: (command) => {
      checkActor(command?.actor);
      const event = CaseEventInput.safeParse(command?.event);
      if (!event.success) reject({ type: UNPROCESSABLE, message: `invalid event: ${event.error.issues[0]?.message ?? ''}` });
      const conflict = eventConflict(target.state, event.data.type);
      if (conflict !== undefined) reject({ type: CASE_CONFLICT, message: conflict });
      const problem = eventDataProblem(event.data, today());
      if (problem !== undefined) reject({ type: UNPROCESSABLE, message: problem });
    },
  });
  setHandler(milestoneUpdate, (command) => target.submit({ kind: 'milestone', command }), {
    validator: (command) => {
      checkActor(command?.actor);
      const milestone = MilestoneInput.safeParse(command?.milestone);
      if (!milestone.success) reject({ type: UNPROCESSABLE, message: `invalid milestone: ${milestone.error.issues[0]?.message ?? ''}` });
      const conflict = milestoneConflict(target.state, milestone.data.type);
      if (conflict !== undefined) reject({ type: CASE_CONFLICT, message: conflict });
      const problem = milestoneDataProblem(milestone.data, today());
      if (problem !== undefined) reject({ type: UNPROCESSABLE, message: problem });
    },
  });
  setHandler(handoffUpdate, (command) => target.submit({ kind: 'handoff', command }), {
    validator: (command) => {
      checkActor(command?.actor);
      if (typeof command.lawFirmId !== 'string' || command.lawFirmId === '') reject({ type: UNPROCESSABLE, message: 'lawFirmId is required' });
      const conflict = handoffConflict(target.state);
      if (conflict !== undefined) reject({ type: CASE_CONFLICT, message: conflict });
    },
  });
  setHandler(evidenceSuppliedSignal, (signal) => target.evidenceSupplied(signal));
  setHandler(caseStateQuery, () => target.view());
}
