/**
 * Microsoft Teams in the playground. In: what the page asks for (a message in the person's personal chat with the
 * bot, an @mention of the bot in the "IT Operations" channel, a click on a card's Action.Execute button) becomes the
 * activity Teams would post, built with the Bot Framework stand-in's own builders, signed with its token and POSTed
 * to the bot's /teams/messages. Out: every Connector API call the stand-in records (a new message, a card updated in
 * place, a deleted one, a personal chat the bot opened) becomes an event for the page, in the conversation it went to.
 */
import { createRequire } from 'node:module';
import {
  type ActivityOrigin,
  type BotFramework,
  type ConnectorCall,
  cardAction,
  cardSubmit,
  type DemoMember,
  mentionMessage,
  personalChat,
  personalMessage,
  type TeamsActivity,
  type TeamsChat,
  teamChannel,
  teamsMembers,
} from '../botframework';
import { isRecord, jsonObject } from '../json';
import type { ApiAnswer, PlatformAdapter, PlaygroundEventBody } from './server';

export interface TeamsPlaygroundOptions {
  botframework: BotFramework;
  /** The bot's messaging endpoint: `<bot>/teams/messages`. */
  messagesUrl: string;
  /** The bot's name as Teams shows it and as it is @mentioned. Default: WorkSpaces. */
  botName?: string;
  /** The team channel people @mention the bot in. Default: IT Operations. */
  channelName?: string;
}

/** Where a message shows in the page: the channel, or a person's personal chat with the bot. */
type Place = 'channel' | 'dm';

interface MessageRecord {
  id: string;
  place: Place;
  /** The person whose personal chat it is; unset in the channel, where everyone sees it. */
  userId?: string;
  conversationId: string;
  activityId: string;
  content: Record<string, unknown>;
}

/** Teams gives up on a bot that has not answered an activity in 15 seconds, and sends it again. */
const TEAMS_TIMEOUT_MS = 15_000;
const REMEMBERED = 2000;
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const INVOKE_MESSAGE = 'application/vnd.microsoft.activity.message';
/** The renderer's browser bundle, served from node_modules as it was installed: no CDN. */
const ADAPTIVE_CARDS_BUNDLE = 'adaptivecards/dist/adaptivecards.min.js';

export class TeamsPlayground implements PlatformAdapter {
  readonly id = 'teams';
  readonly label = 'Microsoft Teams';
  private readonly people: readonly DemoMember[];
  private readonly botName: string;
  private readonly channel: TeamsChat;
  private readonly channelName: string;
  /** Conversation id → the person whose personal chat it is (the one they type in, and the ones the bot opened). */
  private readonly personalChats = new Map<string, string>();
  private readonly messages = new Map<string, MessageRecord>();
  private emit: (event: PlaygroundEventBody) => void = () => {};
  private sequence = 0;

  constructor(private readonly options: TeamsPlaygroundOptions) {
    this.people = teamsMembers(options.botframework.tenantId);
    this.botName = options.botName ?? 'WorkSpaces';
    this.channelName = options.channelName ?? 'IT Operations';
    this.channel = teamChannel(this.channelName);
    for (const person of this.people) {
      const chat = personalChat(person);
      this.personalChats.set(chat.id, person.key);
      // Teams answers getMember (email, UPN) in every conversation the person is in.
      this.options.botframework.setMember(chat.id, person);
      this.options.botframework.setMember(this.channel.id, person);
    }
  }

  describe(): Record<string, unknown> {
    return {
      botName: this.botName,
      channel: this.channelName,
      /** Typed in the channel: Teams sends the text after the @mention, which the playground adds. */
      mention: `@${this.botName}`,
      composeIn: ['channel', 'dm'],
      home: false,
      dmLabel: 'chat',
      apiLogLabel: 'Connector API calls',
      oncallChannel: null,
      oncallNote: `On-call reports go to the channel an admin registers: type @${this.botName} oncall here in ${this.channelName}; they show there.`,
      users: this.people.map((person) => ({ id: person.key, name: person.key, realName: person.name })),
    };
  }

  assets(): Record<string, string> {
    return { 'vendor/adaptivecards.min.js': createRequire(__filename).resolve(ADAPTIVE_CARDS_BUNDLE) };
  }

  start(emit: (event: PlaygroundEventBody) => void): () => void {
    this.emit = emit;
    return this.options.botframework.subscribe((call) => this.heard(call));
  }

  async handle(operation: string, body: Record<string, unknown>): Promise<ApiAnswer> {
    const person = this.people.find((p) => p.key === body.userId);
    if (!person) return { status: 400, body: { error: 'choose one of the playground people (userId)' } };
    const timeZone = timeZoneOf(body.timeZone);
    switch (operation) {
      case 'command':
        return this.command(person, timeZone, typeof body.text === 'string' ? body.text : '', body.where === 'dm');
      case 'action':
        return this.action(person, timeZone, body);
      default:
        return { status: 404, body: { error: `no operation ${operation}` } };
    }
  }

  // --- What the page sends ----------------------------------------------------------------------------------------

  private async command(person: DemoMember, timeZone: string, text: string, personal: boolean): Promise<ApiAnswer> {
    const place: Place = personal ? 'dm' : 'channel';
    const shown = personal ? text : `@${this.botName} ${text}`;
    this.emit({ kind: 'typed', place, userId: person.key, text: shown.trim(), id: this.nextId('typed') });
    const origin = this.origin(person, timeZone, personal ? personalChat(person) : this.channel);
    const activity = personal ? personalMessage(origin, text) : mentionMessage(origin, text);
    // A channel message starts a thread of its own; its members are the channel's.
    if (!personal) this.joinEveryone(activity.conversation.id);
    const answer = await this.send(activity, person, place, 'your message');
    return { status: 200, body: { ok: answer.status === 200, botStatus: answer.status } };
  }

  private async action(person: DemoMember, timeZone: string, body: Record<string, unknown>): Promise<ApiAnswer> {
    const message = typeof body.messageId === 'string' ? this.messages.get(body.messageId) : undefined;
    if (!message) return { status: 404, body: { error: 'that message is gone' } };
    if (message.userId !== undefined && message.userId !== person.key) {
      return { status: 403, body: { error: 'that message is in someone else’s personal chat' } };
    }
    const action = isRecord(body.action) ? body.action : {};
    const data = isRecord(action.data) ? action.data : {};
    const chat: TeamsChat = message.place === 'dm' ? { type: 'personal', id: message.conversationId } : this.channel;
    const origin = this.origin(person, timeZone, chat);
    // Action.Execute is an invoke; a plain Action.Submit (clients without Universal Actions) a message with a value.
    const built =
      action.type === 'Action.Submit'
        ? cardSubmit(origin, { value: data, replyToId: message.activityId })
        : cardAction(origin, {
            verb: typeof action.verb === 'string' ? action.verb : '',
            data,
            replyToId: message.activityId,
          });
    // The click comes from the conversation the card is in: for a channel, the card's own thread.
    const activity: TeamsActivity = { ...built, conversation: { ...built.conversation, id: message.conversationId } };
    const answer = await this.send(activity, person, message.place, 'the click');
    const invoke = jsonObject(answer.text);
    if (answer.status === 200 && invoke?.type === ADAPTIVE_CARD && isRecord(invoke.value)) {
      // A refreshed card in the invoke's answer replaces the one clicked, as Universal Actions do.
      const content = { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, content: invoke.value }] };
      this.show({ ...message, content }, true);
    }
    return {
      status: 200,
      body: {
        ok: answer.status === 200,
        botStatus: answer.status,
        ...(invoke?.type === INVOKE_MESSAGE && typeof invoke.value === 'string' ? { message: invoke.value } : {}),
      },
    };
  }

  private origin(person: DemoMember, timeZone: string, chat: TeamsChat): ActivityOrigin {
    const bf = this.options.botframework;
    return {
      serviceUrl: bf.serviceUrl,
      tenantId: bf.tenantId,
      appId: bf.appId,
      botName: this.botName,
      person,
      chat,
      timezone: timeZone,
    };
  }

  private joinEveryone(conversationId: string): void {
    for (const member of this.people) this.options.botframework.setMember(conversationId, member);
  }

  /** POSTs the activity with the stand-in's token, telling the page when Teams would have shown an error. */
  private async send(activity: TeamsActivity, person: DemoMember, place: Place, what: string) {
    const token = this.options.botframework.tokenFor(activity);
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      const response = await fetch(this.options.messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
        body: JSON.stringify(activity),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      status = 0;
      text = error instanceof Error ? error.message : String(error);
    }
    const took = Date.now() - started;
    if (status !== 200) {
      this.notice(
        person.key,
        place,
        'error',
        `Teams could not deliver ${what}: the bot answered ${status ? `HTTP ${status}` : text}.`,
      );
    } else if (took > TEAMS_TIMEOUT_MS) {
      this.notice(
        person.key,
        place,
        'warning',
        `The bot took ${(took / 1000).toFixed(1)} s to answer ${what}; Teams gives up after 15 s and sends it again.`,
      );
    }
    return { status, text };
  }

  // --- What the stand-in hears --------------------------------------------------------------------------------------

  private heard(call: ConnectorCall): void {
    const ok = call.status >= 200 && call.status < 300;
    const error = ok ? undefined : errorOf(call);
    this.emit({ kind: 'api', method: call.operation, ok, ...(error ? { error } : {}) });
    if (!ok) return;
    switch (call.operation) {
      case 'createConversation': {
        const member = isRecord(call.body) && Array.isArray(call.body.members) ? call.body.members[0] : undefined;
        const person = this.people.find((p) => isRecord(member) && p.id === member.id);
        if (person && call.conversationId) this.personalChats.set(call.conversationId, person.key);
        const answer = isRecord(call.answer) ? call.answer : {};
        const activity = isRecord(call.body) && isRecord(call.body.activity) ? call.body.activity : undefined;
        if (activity && call.conversationId && typeof answer.activityId === 'string') {
          this.posted(call.conversationId, answer.activityId, activity, false);
        }
        return;
      }
      case 'sendToConversation':
      case 'replyToActivity':
      case 'updateActivity':
        if (call.conversationId && call.activityId && call.body) {
          this.posted(call.conversationId, call.activityId, call.body, call.operation === 'updateActivity');
        }
        return;
      case 'deleteActivity':
        if (call.conversationId && call.activityId) {
          const id = messageId(call.conversationId, call.activityId);
          this.messages.delete(id);
          this.emit({ kind: 'delete', id });
        }
        return;
      default:
        return;
    }
  }

  private posted(conversationId: string, activityId: string, activity: Record<string, unknown>, update: boolean) {
    // Typing indicators and other non-message activities show nothing.
    if (activity.type !== 'message') return;
    const owner = this.personalChats.get(conversationId);
    const inChannel = conversationId.split(';messageid=')[0] === this.channel.id;
    const id = messageId(conversationId, activityId);
    const record: MessageRecord = {
      id,
      place: owner === undefined ? 'channel' : 'dm',
      ...(owner !== undefined ? { userId: owner } : {}),
      conversationId,
      activityId,
      content: {
        type: 'message',
        ...(typeof activity.text === 'string' ? { text: activity.text } : {}),
        ...(Array.isArray(activity.attachments) ? { attachments: activity.attachments } : {}),
        // A conversation the page does not know (a channel registered elsewhere) is shown in the channel, named.
        ...(owner === undefined && !inChannel ? { elsewhere: conversationId } : {}),
      },
    };
    this.show(record, update);
  }

  private show(record: MessageRecord, replace: boolean): void {
    this.messages.set(record.id, record);
    while (this.messages.size > REMEMBERED) this.messages.delete(this.messages.keys().next().value as string);
    const at = Number(record.activityId);
    this.emit({
      kind: 'message',
      id: record.id,
      place: record.place,
      ...(record.userId ? { userId: record.userId } : {}),
      ephemeral: false,
      replace,
      // Teams' message ids are epoch milliseconds; the page reads `ts` as Slack's seconds.
      ts: String((Number.isFinite(at) && at > 0 ? at : Date.now()) / 1000),
      content: record.content,
    });
  }

  private notice(userId: string, place: Place, level: 'error' | 'warning', text: string): void {
    this.emit({ kind: 'notice', userId, place, level, text, id: this.nextId('notice') });
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `teams-${prefix}-${this.sequence}`;
  }
}

/** The page's IANA time zone when it is one, else UTC: it goes into the activity's clientInfo as Teams sends it. */
function timeZoneOf(value: unknown): string {
  if (typeof value !== 'string' || value.length > 64) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

function messageId(conversationId: string, activityId: string): string {
  return `${conversationId}/${activityId}`;
}

function errorOf(call: ConnectorCall): string {
  const answer = isRecord(call.answer) && isRecord(call.answer.error) ? call.answer.error : undefined;
  return `HTTP ${call.status}${answer && typeof answer.code === 'string' ? ` ${answer.code}` : ''}`;
}
