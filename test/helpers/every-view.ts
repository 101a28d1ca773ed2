/**
 * Every MessageView the bot sends, built by the real builders of bot/views from fleet fixtures, with the names
 * (user, computer, AD user and domain, region, AWS error, typed command) given: ordinary ones, or hostile ones for
 * the escaping tests. One list, so a view added to the bot is added here once and checked both ways.
 */

import type { ReplyAddresses } from '../../bot/chat/port';
import {
  actionOutcome,
  buttonNoLongerWorks,
  chooser,
  confirmRequest,
  deliveredElsewhere,
  fleetOverview,
  fleetPage,
  handOffFailed,
  help,
  invalidCommand,
  linkedNotice,
  list,
  type MessageView,
  noGroup,
  notice,
  notLinked,
  notLinkedWhoami,
  noWorkspaces,
  status,
  typedConfirmationInMessage,
  unknownCommand,
  unlinked,
  whoami,
  workspaceNotFound,
  workspaceView,
} from '../../bot/views';
import { alertsOff, alertsOn, alertsState, ownerAlert } from '../../bot/views/alerts';
import { actionFailed, actionStuck, availableAgain, guidedRecovery } from '../../bot/views/follow-ups';
import {
  oncallForAdmins,
  oncallNeedsChannel,
  oncallRegistered,
  oncallShown,
  oncallStopped,
} from '../../bot/views/oncall-channel';
import {
  notYourSchedule,
  scheduleAlreadyGone,
  scheduleCancelled,
  scheduleCreateFailed,
  scheduleDismissed,
  scheduled,
  scheduleList,
  scheduleNotRun,
  scheduleNotSchedulable,
  scheduleOneWorkspace,
  scheduleQuestion,
  scheduleRan,
  schedulesUnavailable,
  scheduleTimeQuestion,
  tooManySchedules,
} from '../../bot/views/schedules';
import type { Link } from '../../core/data/links';
import type { PendingSchedule } from '../../core/data/schedules';
import { summarizeFleet, type TargetRun } from '../../core/fleet-summary';
import { DEFAULT_ROLE_ACTIONS } from '../../core/policy';
import type { WorkspaceRecord } from '../../core/workspace';
import { actor, T0, workspace } from './fleet';

export function everyView(name: string): [string, MessageView][] {
  const admin = actor(`root${name}`, ['admin'], `CORP${name}`);
  const user = actor(name, ['user']);
  const record = (overrides: Partial<WorkspaceRecord> = {}): WorkspaceRecord =>
    workspace({
      workspaceId: 'ws-named1',
      userName: name,
      computerName: name,
      region: `us-east-1${name}`,
      ipAddress: name,
      registrationCode: name,
      directoryDomain: undefined,
      lastUserConnection: '2026-11-23T08:00:00.000Z',
      ...overrides,
    });
  const mine = { actor: user, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 5 };
  const admins = { ...mine, actor: admin };
  const link: Link = {
    chat: { platform: 'teams', tenantId: 'tenant-1', userId: 'aad-object-1' },
    adUserName: name,
    adDomain: name,
    email: `${name}@corp.example.com`,
    groups: [name],
    roles: ['user', 'admin'],
    linkedAt: T0.toISOString(),
    expiresAt: new Date(T0.getTime() + 86_400_000).toISOString(),
  };
  const records = [
    record(),
    record({ workspaceId: 'ws-named2', state: 'ERROR' }),
    record({ workspaceId: 'ws-named3', state: 'STOPPED', stateSince: '2026-11-20T00:00:00.000Z' }),
    record({ workspaceId: 'ws-named4', state: 'REBOOTING', stateSince: '2026-11-23T10:00:00.000Z' }),
  ];
  const summary = summarizeFleet(records, T0, 30);
  const pageOf = (page: number) =>
    fleetPage({
      records,
      filters: page === 1 ? {} : { user: name, region: name, directory: name },
      page,
      next: 'eyJkIjoibiJ9',
      ...(page > 1 ? { previous: 'eyJkIjoicCJ9' } : {}),
      actor: admin,
      roleActions: DEFAULT_ROLE_ACTIONS,
      now: T0,
      stuckMinutes: 30,
    });
  const runs: TargetRun[] = [
    {
      accountId: '111122223333',
      region: name,
      status: 'failed',
      at: T0.toISOString(),
      found: 0,
      failingSince: T0.toISOString(),
      lastError: name,
    },
  ];
  const context = {
    roleActions: DEFAULT_ROLE_ACTIONS,
    now: T0,
    attentionRecords: new Map(records.map((r) => [r.workspaceId, r])),
    runs,
  };
  const outcomeOf = (statuses: ('requested' | 'failed' | 'refused' | 'not-found')[], duplicate = false) => ({
    action: 'reboot' as const,
    duplicate,
    outcomes: statuses.map((s, i) => ({
      workspaceId: `ws-named${i + 1}`,
      status: s,
      message: `AWS said ${name}`,
      code: 'SomeError',
      awsRequestId: `req-${name}`,
    })),
  });
  const many = Array.from({ length: 120 }, (_, i) => record({ workspaceId: `ws-many${i}` }));
  const address = { platform: 'slack', kind: 'message', channel: 'D1' } as const;
  const pending: PendingSchedule<ReplyAddresses> = {
    name: 'stop-ws-named1-3f9a0c2b7d1e',
    action: 'stop',
    workspaceId: 'ws-named1',
    at: '2026-11-27T17:30:00.000Z',
    wall: '2026-11-27T18:30:00',
    zone: 'Europe/Berlin',
    owner: { platform: 'slack', tenantId: 'T1', userId: 'U1' },
    ownerAdUser: name,
    requestedBy: name,
    reply: { inPlace: address, below: address },
    createdAt: T0.toISOString(),
  };
  const schedules = Array.from({ length: 20 }, (_, i) => ({ ...pending, name: `${pending.name}-${i}` }));
  const viewer = { actor: user, roleActions: DEFAULT_ROLE_ACTIONS };
  const unhealthy = record({ state: 'UNHEALTHY', stateSince: '2026-11-23T08:00:00.000Z' });
  return [
    ['list', list(records, mine)],
    ['list (admin)', list(records, admins)],
    ['list (many)', list(many, admins)],
    ['status', status(record(), mine)],
    ['status (admin)', status(record({ observedAt: '2026-11-23T08:00:00.000Z' }), admins)],
    ['chooser', chooser({ action: 'rebuild', records, ownerName: name })],
    ['chooser (reboot)', chooser({ action: 'reboot', records })],
    ['chooser (terminate)', chooser({ action: 'terminate', records })],
    ['chooser (many)', chooser({ action: 'status', records: many })],
    ['confirmRequest (rebuild)', confirmRequest(record(), 'rebuild', admins)],
    ['confirmRequest (restore)', confirmRequest(record(), 'restore', mine)],
    ['confirmRequest (terminate)', confirmRequest(record(), 'terminate', admins)],
    ['confirmRequest (refused)', confirmRequest(record({ state: 'SUSPENDED' }), 'rebuild', admins)],
    [
      'typedConfirmationInMessage',
      typedConfirmationInMessage(workspaceView(record(), admin, DEFAULT_ROLE_ACTIONS, T0)),
    ],
    ['fleetOverview', fleetOverview(summary, pageOf(1), admin, { ...context, compact: false })],
    ['fleetOverview (page 2)', fleetOverview(summary, pageOf(2), admin, context)],
    ['fleetOverview (summary only)', fleetOverview(summary, undefined, admin, context)],
    ['fleetOverview (no scan)', fleetOverview(undefined, pageOf(1), admin, { ...context, compact: false })],
    [
      'fleetOverview (empty page)',
      fleetOverview(summarizeFleet([], T0, 30), { ...pageOf(2), rows: [] }, admin, { ...context, compact: false }),
    ],
    ['help', help(new Set(['user', 'admin']), DEFAULT_ROLE_ACTIONS, { adminReauthNeeded: true })],
    ['help (user)', help(new Set(['user']), DEFAULT_ROLE_ACTIONS)],
    ['help (no role)', help(new Set(), DEFAULT_ROLE_ACTIONS)],
    ['notLinked', notLinked(`https://bot.example.com/auth/start?state=${encodeURIComponent(name)}`, 'new')],
    [
      'notLinked (admin)',
      notLinked('https://bot.example.com/auth/start?state=s', 'admin-reauth', { platform: 'teams' }),
    ],
    ['whoami', whoami(link, T0, { adminReauthHours: 12 })],
    ['notLinked (expired)', notLinked('http://localhost:3000/auth/start?state=s', 'expired', { platform: 'teams' })],
    ['notLinked (requested)', notLinked('https://bot.example.com/auth/start?state=s', 'requested')],
    ['notLinkedWhoami', notLinkedWhoami()],
    ['unlinked', unlinked(true)],
    ['unlinked (not linked)', unlinked(false)],
    ['linkedNotice', linkedNotice(link)],
    ['notice', notice('error', name)],
    ['workspaceNotFound', workspaceNotFound(name)],
    ['workspaceNotFound (suggestions)', workspaceNotFound(name, { suggestions: records, action: 'restore' })],
    ['noGroup', noGroup({ userName: name, domain: name }, { user: name, admin: name })],
    ['noWorkspaces', noWorkspaces(5, name)],
    [
      'unknownCommand',
      unknownCommand({ word: name, suggestions: [name, name] }, help(new Set(['user']), DEFAULT_ROLE_ACTIONS)),
    ],
    ['invalidCommand', invalidCommand('fleet', name, true)],
    ['actionOutcome (one)', actionOutcome(outcomeOf(['requested']), user, name)],
    ['actionOutcome (failed, admin)', actionOutcome(outcomeOf(['failed'], true), admin, name)],
    [
      'actionOutcome (batch)',
      actionOutcome(outcomeOf(['requested', 'failed', 'refused', 'not-found'], true), admin, name),
    ],
    ['deliveredElsewhere', deliveredElsewhere(status(record(), mine))],
    ['handOffFailed', handOffFailed()],
    ['buttonNoLongerWorks', buttonNoLongerWorks()],
    ['alertsOn', alertsOn(30)],
    ['alertsOff', alertsOff(true)],
    ['alertsState', alertsState(false)],
    ['ownerAlert', ownerAlert(unhealthy, 'UNHEALTHY', '2026-11-23T08:00:00.000Z', viewer, T0)],
    ['availableAgain', availableAgain('ws-named1', 'reboot')],
    ['actionFailed', actionFailed('ws-named1', 'start', 'STOPPED')],
    ['actionStuck', actionStuck('ws-named1', 'reboot', 'REBOOTING', 25)],
    [
      'guidedRecovery',
      guidedRecovery(
        unhealthy,
        { restore: '2026-11-22T00:00:00.000Z', rebuild: '2026-11-20T00:00:00.000Z' },
        viewer,
        T0,
      ),
    ],
    ['guidedRecovery (no snapshots)', guidedRecovery(unhealthy, undefined, undefined, T0)],
    ['oncallForAdmins', oncallForAdmins()],
    ['oncallNeedsChannel', oncallNeedsChannel()],
    ['oncallRegistered', oncallRegistered()],
    ['oncallStopped', oncallStopped(true)],
    ['oncallShown', oncallShown({ by: name, at: T0.toISOString(), isHere: false })],
    ['oncallShown (none)', oncallShown(undefined)],
    ['scheduleTimeQuestion (unreadable)', scheduleTimeQuestion({ problem: 'unparseable', text: name }, 'stop')],
    ['scheduleTimeQuestion (hour)', scheduleTimeQuestion({ problem: 'ambiguous-hour', text: name, hour: 7 }, 'start')],
    [
      'scheduleTimeQuestion (too far)',
      scheduleTimeQuestion({ problem: 'too-far', wall: pending.wall, zone: pending.zone, horizonDays: 30 }, 'reboot'),
    ],
    [
      'scheduleQuestion',
      scheduleQuestion({ action: 'stop', workspaceId: 'ws-named1', wall: pending.wall, zone: pending.zone }, false),
    ],
    ['scheduleDismissed', scheduleDismissed('stop', 'ws-named1')],
    ['scheduled', scheduled(pending)],
    ['scheduleNotSchedulable', scheduleNotSchedulable('terminate')],
    ['schedulesUnavailable', schedulesUnavailable()],
    ['tooManySchedules', tooManySchedules(10)],
    ['scheduleOneWorkspace', scheduleOneWorkspace('stop', ['ws-named1', 'ws-named2'], name)],
    ['scheduleCreateFailed', scheduleCreateFailed()],
    ['scheduleList', scheduleList([pending], { all: false, filtered: false, more: false })],
    ['scheduleList (admin, more)', scheduleList(schedules, { all: true, filtered: true, more: true })],
    ['scheduleList (empty)', scheduleList([], { all: true, filtered: true, more: false })],
    ['scheduleCancelled', scheduleCancelled(pending)],
    ['scheduleAlreadyGone', scheduleAlreadyGone()],
    ['notYourSchedule', notYourSchedule()],
    ['scheduleNotRun', scheduleNotRun(pending, 'workspace-gone')],
    ['scheduleRan', scheduleRan(pending, actionOutcome(outcomeOf(['requested']), user, name))],
  ];
}
