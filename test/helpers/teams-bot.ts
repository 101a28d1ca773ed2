/**
 * The whole bot with Teams, for tests: the Slack fixture's bot (DynamoDB Local, the simulator, the sign-in provider,
 * the Slack stand-in) with the Bot Framework stand-in beside it and the bot pointed at it, so every activity carries
 * a token the stand-in signed and passes botbuilder's own validation, and every answer goes through the Connector
 * API the stand-in records.
 */

import type { Link } from '../../core/data/links';
import type { Role } from '../../core/identity';
import {
  type BotFramework,
  type Card,
  type ConnectorCall,
  cardsOf,
  personalChat,
  startBotFramework,
} from '../../local/botframework';
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

export type { Card };

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
