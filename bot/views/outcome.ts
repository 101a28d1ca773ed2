/**
 * What became of an action, for the message that asked for it: "Rebooting ws-abc, requested by alice", or the plain
 * reason it did not happen. A batch lists every WorkSpace's outcome, not only the first failure. The AWS request id
 * helps an admin trace a call in CloudTrail; to anyone else it is noise, so only admins see it.
 */
import {
  type ActionOutcome,
  IN_PROGRESS_CODE,
  INTERRUPTED_CODE,
  isRepeatInProgress,
  type OutcomeStatus,
  type WorkspaceOutcome,
} from '../../core/actions';
import type { Actor } from '../../core/policy';
import { ACTION_RULES } from '../../core/rules';
import type { MessageView, Section, Text } from './model';
import { cmd, words } from './text';
import { actionLabel } from './workspace';

const TONES: Record<OutcomeStatus, 'success' | 'error' | 'warning'> = {
  requested: 'success',
  failed: 'error',
  refused: 'warning',
  'not-found': 'warning',
};

/** The order groups are listed in a batch: what happened, then what went wrong, then what was never tried. */
const ORDER: readonly OutcomeStatus[] = ['requested', 'failed', 'refused', 'not-found'];

/**
 * @param requestedBy how the person who asked is named, such as `@alice`; the renderer shows it as given.
 */
export function actionOutcome(outcome: ActionOutcome, actor: Actor, requestedBy: string): MessageView {
  const admin = actor.roles.has('admin');
  const rule = ACTION_RULES[outcome.action];
  const repeat: Section[] =
    outcome.duplicate && !isRepeatInProgress(outcome)
      ? [{ type: 'context', text: 'This request had already been handled; this is what came of it.' }]
      : [];

  if (outcome.outcomes.length === 0) {
    const text = `Nothing to ${rule.verb}: no WorkSpace was named.`;
    return { text, sections: [{ type: 'notice', tone: 'info', text }], private: true };
  }

  if (outcome.outcomes.length === 1) {
    const only = outcome.outcomes[0]!;
    // An interrupted request's outcome says what is known of it, not that it was just asked for.
    const asked = only.status === 'requested' && only.code !== INTERRUPTED_CODE;
    const text = asked ? `${rule.progressive} ${only.workspaceId}, requested by ${requestedBy}.` : only.message;
    const detail: Text | undefined = asked
      ? words('It takes a few minutes; ', cmd(`status ${only.workspaceId}`), ' shows how it is going.')
      : requestIdDetail(only, admin);
    const tone = only.code === IN_PROGRESS_CODE ? 'info' : TONES[only.status];
    return {
      text,
      sections: [{ type: 'notice', tone, text, ...(detail ? { detail } : {}) }, ...repeat],
      private: true,
    };
  }

  const groups = ORDER.map((status) => ({
    status,
    outcomes: outcome.outcomes.filter((o) => o.status === status),
  })).filter((group) => group.outcomes.length > 0);
  const counts = groups.map((group) => `${group.outcomes.length} ${statusWord(group.status, rule.progressive)}`);
  const headline = `${actionLabel(outcome.action)} of ${outcome.outcomes.length} WorkSpaces, requested by ${requestedBy}: ${counts.join(', ')}.`;
  const worst = groups.some((g) => g.status === 'failed')
    ? 'error'
    : groups.length > 1
      ? 'warning'
      : TONES[groups[0]!.status];
  const sections: Section[] = [{ type: 'notice', tone: worst, text: headline }];
  for (const group of groups) {
    const lines = group.outcomes.map((o) =>
      group.status === 'requested' ? `• ${o.workspaceId}` : `• ${o.message}${requestIdSuffix(o, admin)}`,
    );
    const title = `${capitalise(statusWord(group.status, rule.progressive))} (${group.outcomes.length}):`;
    sections.push({ type: 'notice', tone: TONES[group.status], text: [title, ...lines].join('\n') });
  }
  return { text: headline, sections: [...sections, ...repeat], private: true };
}

function statusWord(status: OutcomeStatus, progressive: string): string {
  switch (status) {
    case 'requested':
      return progressive.toLowerCase();
    case 'failed':
      return 'failed';
    case 'refused':
      return 'refused';
    case 'not-found':
      return 'not found';
  }
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function requestIdDetail(outcome: WorkspaceOutcome, admin: boolean): string | undefined {
  return admin && outcome.awsRequestId ? `AWS request id: ${outcome.awsRequestId}` : undefined;
}

function requestIdSuffix(outcome: WorkspaceOutcome, admin: boolean): string {
  return admin && outcome.awsRequestId ? ` (AWS request id: ${outcome.awsRequestId})` : '';
}
