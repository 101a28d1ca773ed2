/**
 * The stand-in's Slack workspace ("team" in Slack's API, to keep it apart from Amazon WorkSpaces): its people,
 * the messages the bot posted and the views it opened, so updates and deletes can be answered the way Slack does.
 */
import { DEMO_PEOPLE } from '../signin-provider/people';
import type { SlackUser } from './types';

export const TEAM_ID = 'T0LOCAL';
export const TEAM_NAME = 'Local Slack';
export const BOT_USER_ID = 'U0WSBOT';
export const BOT_ID = 'B0WSBOT';
export const APP_ID = 'A0WSBOT';

/** Time zones for the demo people, so the playground shows a spread of them. */
const DEMO_TIME_ZONES = ['America/New_York', 'Europe/Paris', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney'];

/** The sign-in page's demo people (one list: local/signin-provider/people.ts) as Slack users, U0 + their key. */
export const DEFAULT_SLACK_USERS: readonly SlackUser[] = DEMO_PEOPLE.map((person, i) => ({
  id: `U0${person.key.toUpperCase()}`,
  name: person.key,
  realName: person.displayName,
  email: person.email,
  tz: DEMO_TIME_ZONES[i % DEMO_TIME_ZONES.length]!,
}));

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown;
  /** The message this one replies to in its thread. */
  threadTs?: string;
}

export interface StoredView extends Record<string, unknown> {
  id: string;
  hash: string;
  external_id: string;
}

export class Team {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly views = new Map<string, StoredView>();
  private readonly homeViews = new Map<string, string>();
  private sequence = 0;

  constructor(readonly users: readonly SlackUser[]) {}

  user(id: string): SlackUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  /** The bot's direct-message channel with a person: stable, so a test can predict it. */
  dmChannel(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** The person whose direct-message channel with the bot this is, if it is one. */
  dmUser(channel: string): string | undefined {
    return this.users.find((user) => this.dmChannel(user.id) === channel)?.id;
  }

  /** Slack's message timestamps are unique per channel; seconds plus a sequence number keeps them unique here. */
  nextTs(): string {
    this.sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(8, '0')}`;
  }

  saveMessage(message: StoredMessage): void {
    this.messages.set(messageKey(message.channel, message.ts), message);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(messageKey(channel, ts));
  }

  deleteMessage(channel: string, ts: string): boolean {
    return this.messages.delete(messageKey(channel, ts));
  }

  saveView(view: StoredView): void {
    this.views.set(view.id, view);
  }

  view(lookup: { id?: string; externalId?: string }): StoredView | undefined {
    if (lookup.id) return this.views.get(lookup.id);
    return [...this.views.values()].find((view) => lookup.externalId && view.external_id === lookup.externalId);
  }

  /** A person's home tab keeps its view id across publishes, as in Slack. */
  homeViewId(userId: string): string {
    const existing = this.homeViews.get(userId);
    if (existing) return existing;
    const id = this.nextId('V');
    this.homeViews.set(userId, id);
    return id;
  }

  reset(): void {
    this.messages.clear();
    this.views.clear();
    this.homeViews.clear();
  }
}

function messageKey(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}
