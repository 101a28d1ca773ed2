/**
 * The whole bot with Teams, for tests: the Slack fixture's bot (DynamoDB Local, the simulator, the sign-in provider,
 * the Slack stand-in) with the Bot Framework stand-in beside it and the bot pointed at it, so every activity carries
 * a token the stand-in signed and passes botbuilder's own validation, and every answer goes through the Connector
 * API the stand-in records.
 */

import type { Link } from '../../core/data/links';
import type { Role } from '../../core/identity';
import { type BotFramework, type ConnectorCall, personalChat, startBotFramework } from '../../local/botframework';
import type { FleetSpec } from '../../local/workspaces-sim';
import { type BotFixture, startBot } from './bot';
import {
  CHANNEL,
  executeAction,
  GROUP_CHAT,
  mentionText,
  type PostedActivity,
  personalText,
  postSigned,
  submitAction,
  type TeamsActivity,
  type TeamsPerson,
  teamsPeople,
  type Where,
} from './teams';

export interface TeamsBotFixture extends BotFixture {
  bf: BotFramework;
  teamsUrl: string;
  people: Record<string, TeamsPerson>;
  /** Links a Teams person to an AD user, as a finished sign-in would. */
  linkTeams(person: TeamsPerson, adUserName: string, roles: Role[]): Promise<Link>;
  /** Posts a signed activity and waits for the worker; `sent` is every Connector call the turn caused. */
  send(activity: TeamsActivity): Promise<TeamsTurn>;
  /** A message in the person's 1:1 chat (or, with `where.chat`, an @mention there). */
  say(where: Where, text: string): Promise<TeamsTurn>;
  /** An Action.Execute click on a card's button: its data, on the card message `replyToId`. */
  click(where: Where, data: Record<string, unknown>, replyToId: string, verb?: string): Promise<TeamsTurn>;
  /** The same click as Action.Submit (clients without Universal Actions). */
  submit(where: Where, data: Record<string, unknown>, replyToId: string): Promise<TeamsTurn>;
}

export interface TeamsTurn {
  answer: PostedActivity;
  sent: ConnectorCall[];
  /** The cards the bot posted or updated in this turn, last one last. */
  cards: Card[];
}

export interface Card {
  call: ConnectorCall;
  /** The Adaptive Card's JSON. */
  content: Record<string, unknown>;
  /** Every text the card shows (TextBlocks, facts, button titles), in order, for assertions on what a person reads. */
  text: string;
  /** Every button's data, Execute or Submit, with its title. */
  buttons: { title: string; verb?: string; data: Record<string, unknown> }[];
  /** The id of the message the card is (for an update, the message updated). */
  activityId: string | undefined;
  conversationId: string | undefined;
}

export async function startTeamsBot(fleet: FleetSpec, env: Record<string, string> = {}): Promise<TeamsBotFixture> {
  const bf = await startBotFramework();
  let fixture: BotFixture;
  try {
    fixture = await startBot(fleet, { ...bf.env(), ...env });
  } catch (error) {
    await bf.close();
    throw error;
  }
  const people = teamsPeople(bf);
  const teamsUrl = `${fixture.server.url}/teams/messages`;
  // Teams answers getMember in every conversation the person is in: their 1:1 chat, the channel, the group chat.
  for (const person of Object.values(people)) {
    for (const chat of [personalChat(person), CHANNEL, GROUP_CHAT]) bf.setMember(chat.id, person);
  }

  const send = async (activity: TeamsActivity): Promise<TeamsTurn> => {
    const before = bf.calls().length;
    const answer = await postSigned(bf, teamsUrl, activity);
    await fixture.bot.drain();
    const sent = bf.calls().slice(before);
    return { answer, sent, cards: sent.flatMap(cardsOf) };
  };
  return {
    ...fixture,
    bf,
    teamsUrl,
    people,
    async linkTeams(person, adUserName, roles) {
      const link: Link = {
        chat: { platform: 'teams', tenantId: bf.tenantId, userId: person.aadObjectId },
        adUserName,
        adDomain: 'corp',
        groups: [],
        roles,
        linkedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      };
      await fixture.bot.services.links.put(link);
      return link;
    },
    send,
    say: (where, text) => send(where.chat ? mentionText(bf, where, text) : personalText(bf, where, text)),
    click: (where, data, replyToId, verb = 'workspace') => send(executeAction(bf, where, { verb, data, replyToId })),
    submit: (where, data, replyToId) => send(submitAction(bf, where, { value: data, replyToId })),
    async close() {
      await fixture.close();
      await bf.close();
    },
  };
}

function cardsOf(call: ConnectorCall): Card[] {
  const body = call.body as { attachments?: { contentType?: string; content?: Record<string, unknown> }[] } | undefined;
  return (body?.attachments ?? [])
    .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive' && attachment.content)
    .map((attachment) => {
      const content = attachment.content!;
      return {
        call,
        content,
        text: textsOf(content).join('\n'),
        buttons: buttonsOf(content),
        activityId: call.activityId,
        conversationId: call.conversationId,
      };
    });
}

function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: string[] = [];
  if (record.type === 'TextBlock' && typeof record.text === 'string') own.push(record.text);
  if (record.type === 'FactSet' && Array.isArray(record.facts)) {
    for (const fact of record.facts as { title?: string; value?: string }[]) own.push(`${fact.title}: ${fact.value}`);
  }
  if (typeof record.title === 'string' && String(record.type).startsWith('Action.')) own.push(`[${record.title}]`);
  const children = Object.entries(record)
    .filter(([key]) => key !== 'fallback' && key !== 'data')
    .flatMap(([, value]) => textsOf(value));
  return [...own, ...children];
}

function buttonsOf(node: unknown): Card['buttons'] {
  if (Array.isArray(node)) return node.flatMap(buttonsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: Card['buttons'] =
    (record.type === 'Action.Execute' || record.type === 'Action.Submit') && typeof record.title === 'string'
      ? [
          {
            title: record.title,
            ...(typeof record.verb === 'string' ? { verb: record.verb } : {}),
            data: (record.data ?? {}) as Record<string, unknown>,
          },
        ]
      : [];
  const children = Object.entries(record)
    .filter(([key]) => key !== 'fallback')
    .flatMap(([, value]) => buttonsOf(value));
  return [...own, ...children];
}
