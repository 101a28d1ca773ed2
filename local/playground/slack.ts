/**
 * Slack in the playground. In: what the page asks for (a slash command, a click, a modal submission, opening the home
 * tab) becomes the exact request Slack would send, signed with the signing secret and POSTed to the bot's
 * /slack/events. Out: every Web API call and response_url post the Slack stand-in hears becomes an event for the page
 * (a message to show or replace, a modal, the home tab, an on-call report), with whom it is for.
 */
import { isRecord, jsonObject } from '../json';
import {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  DEFAULT_SLACK_USERS,
  type ResponseUrlPost,
  type SlackApiEvent,
  type SlackApiStandIn,
  type SlackUser,
  TEAM_ID,
} from '../slack-api';
import type { ApiAnswer, PlatformAdapter, PlaygroundEventBody } from './server';
import {
  appHomeOpenedBody,
  blockActionsBody,
  type ChannelRef,
  type ClickedAction,
  FORM,
  JSON_TYPE,
  newTriggerId,
  type SlackTeamRef,
  signRequest,
  slashCommandBody,
  viewSubmissionBody,
} from './slack-payloads';

export interface SlackPlaygroundOptions {
  slack: SlackApiStandIn;
  /** The bot's Slack request URL: `<bot>/slack/events`. */
  eventsUrl: string;
  signingSecret: string;
  /** Messages posted here go to the on-call pane. */
  oncallChannel?: string;
  /** The people the page may be; the stand-in's by default. */
  users?: readonly SlackUser[];
  command?: string;
}

/** Where a message shows: the channel the person typed in, their DM with the bot, or the on-call channel. */
export type Place = 'channel' | 'dm' | 'oncall';

interface MessageRecord {
  id: string;
  place: Place;
  /** Set when only this person sees it (ephemeral, or their DM). */
  userId?: string;
  channel: ChannelRef;
  ts: string;
  ephemeral: boolean;
  content: Record<string, unknown>;
}

interface ResponseUrlOwner {
  userId: string;
  /** The message a `replace_original` replaces. */
  messageId: string;
}

export const GENERAL: ChannelRef = { id: 'C0GENERAL', name: 'general' };
/** Slack gives up on an app that has not answered in 3 seconds. */
const SLACK_TIMEOUT_MS = 3000;
/** Remembered messages, trigger ids and response URLs; older ones are forgotten (Slack's expire in 3 s and 30 min). */
const REMEMBERED = 2000;
/** Fields of a response_url post that steer it rather than being the message. */
const CONTROL_FIELDS = ['replace_original', 'delete_original', 'response_type', 'thread_ts'];

export class SlackPlayground implements PlatformAdapter {
  readonly id = 'slack';
  readonly label = 'Slack';
  private readonly users: readonly SlackUser[];
  private readonly command: string;
  private readonly team: SlackTeamRef = { id: TEAM_ID, domain: 'local', appId: APP_ID, botUserId: BOT_USER_ID };
  private readonly messages = new Map<string, MessageRecord>();
  private readonly responseUrls = new Map<string, ResponseUrlOwner>();
  private readonly triggers = new Map<string, string>();
  private readonly views = new Map<string, { userId: string; view: Record<string, unknown> }>();
  private readonly homes = new Map<string, Record<string, unknown>>();
  private emit: (event: PlaygroundEventBody) => void = () => {};
  private sequence = 0;

  constructor(private readonly options: SlackPlaygroundOptions) {
    this.users = options.users ?? DEFAULT_SLACK_USERS;
    this.command = options.command ?? '/workspace';
  }

  describe(): Record<string, unknown> {
    return {
      command: this.command,
      botName: 'WorkSpaces Bot',
      channel: `#${GENERAL.name}`,
      oncallChannel: this.options.oncallChannel ?? null,
      users: this.users
        .filter((u) => !u.isBot)
        .map((u) => ({ id: u.id, name: u.name, realName: u.realName ?? u.name })),
    };
  }

  start(emit: (event: PlaygroundEventBody) => void): () => void {
    this.emit = emit;
    return this.options.slack.subscribe((event) => this.heard(event));
  }

  async handle(operation: string, body: Record<string, unknown>): Promise<ApiAnswer> {
    const user = this.users.find((u) => u.id === body.userId);
    if (!user) return { status: 400, body: { error: 'choose one of the playground people (userId)' } };
    switch (operation) {
      case 'command':
        return this.slashCommand(user, typeof body.text === 'string' ? body.text : '');
      case 'action':
        return this.action(user, body);
      case 'submit':
        return this.submit(user, body);
      case 'home':
        return this.openHome(user);
      default:
        return { status: 404, body: { error: `no operation ${operation}` } };
    }
  }

  // --- What the page sends ----------------------------------------------------------------------------------------

  private async slashCommand(user: SlackUser, text: string): Promise<ApiAnswer> {
    const id = this.nextId('cmd');
    const ts = this.options.slack.nextTs();
    const responseUrl = this.responseUrl(user.id, id);
    this.emit({ kind: 'typed', userId: user.id, text: `${this.command} ${text}`.trim(), id: `${id}-typed` });
    const body = slashCommandBody({
      team: this.team,
      user,
      channel: GENERAL,
      command: this.command,
      text,
      responseUrl,
      triggerId: this.trigger(user.id),
    });
    const answer = await this.send(body, FORM, user, `${this.command} ${text}`.trim());
    if (answer.status === 200 && answer.text.trim() !== '' && !this.messages.has(id)) {
      const json = jsonObject(answer.text);
      // Slack shows a plain-text answer as an ephemeral message too.
      const content = json ?? { text: answer.text };
      const inChannel = json?.response_type === 'in_channel';
      this.show({ id, place: 'channel', channel: GENERAL, ts, ephemeral: !inChannel, content }, user.id, false);
    }
    return { status: 200, body: { ok: answer.status === 200, botStatus: answer.status, messageId: id } };
  }

  private async action(user: SlackUser, body: Record<string, unknown>): Promise<ApiAnswer> {
    const action = clickedAction(body.action);
    if (!action) return { status: 400, body: { error: 'action needs type, action_id and block_id' } };
    let container: Parameters<typeof blockActionsBody>[0]['container'];
    const message = typeof body.messageId === 'string' ? this.messages.get(body.messageId) : undefined;
    if (message) {
      container = {
        type: 'message',
        channel: message.channel,
        messageTs: message.ts,
        ephemeral: message.ephemeral,
        responseUrl: this.responseUrl(user.id, message.id),
        message: {
          type: 'message',
          user: BOT_USER_ID,
          bot_id: BOT_ID,
          app_id: APP_ID,
          team: TEAM_ID,
          ts: message.ts,
          text: message.content.text ?? '',
          ...(message.content.blocks ? { blocks: message.content.blocks } : {}),
        },
      };
    } else if (body.view === 'home' && this.homes.has(user.id)) {
      container = { type: 'view', view: this.homes.get(user.id)! };
    } else if (typeof body.viewId === 'string' && this.views.has(body.viewId)) {
      container = { type: 'view', view: this.views.get(body.viewId)!.view };
    } else {
      return { status: 404, body: { error: 'that message or view is gone' } };
    }
    const payload = blockActionsBody({ team: this.team, user, container, action, triggerId: this.trigger(user.id) });
    const answer = await this.send(payload, FORM, user, `a click on ${action.action_id}`);
    return { status: 200, body: { ok: answer.status === 200, botStatus: answer.status } };
  }

  private async submit(user: SlackUser, body: Record<string, unknown>): Promise<ApiAnswer> {
    const viewId = typeof body.viewId === 'string' ? body.viewId : '';
    const open = this.views.get(viewId);
    if (!open || open.userId !== user.id) return { status: 404, body: { error: 'that modal is not open' } };
    const values = isRecord(body.values) ? (body.values as Record<string, Record<string, unknown>>) : {};
    const payload = viewSubmissionBody({
      team: this.team,
      user,
      view: open.view,
      values,
      triggerId: this.trigger(user.id),
    });
    const answer = await this.send(payload, FORM, user, 'the modal submission');
    if (answer.status !== 200) return { status: 200, body: { ok: false, botStatus: answer.status } };
    const json = jsonObject(answer.text) ?? {};
    switch (json.response_action) {
      case 'errors':
        return { status: 200, body: { ok: true, errors: isRecord(json.errors) ? json.errors : {} } };
      case 'update':
      case 'push': {
        const view = {
          ...(isRecord(json.view) ? json.view : {}),
          id: json.response_action === 'update' ? viewId : this.nextId('V'),
        };
        this.views.set(String(view.id), { userId: user.id, view });
        return { status: 200, body: { ok: true, [json.response_action]: view } };
      }
      case 'clear':
        return { status: 200, body: { ok: true, close: 'all' } };
      default:
        this.views.delete(viewId);
        return { status: 200, body: { ok: true, close: 'this' } };
    }
  }

  private async openHome(user: SlackUser): Promise<ApiAnswer> {
    const view = this.homes.get(user.id);
    const body = appHomeOpenedBody({
      team: this.team,
      user,
      dmChannel: this.options.slack.dmChannel(user.id),
      ...(view ? { view } : {}),
    });
    const answer = await this.send(body, JSON_TYPE, user, 'opening the home tab');
    return { status: 200, body: { ok: answer.status === 200, botStatus: answer.status } };
  }

  /** POSTs a signed request to the bot, telling the page when Slack would have shown an error. */
  private async send(body: string, contentType: string, user: SlackUser, what: string) {
    const request = signRequest(this.options.signingSecret, body, contentType);
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      const response = await fetch(this.options.eventsUrl, { method: 'POST', headers: request.headers, body });
      status = response.status;
      text = await response.text();
    } catch (error) {
      status = 0;
      text = error instanceof Error ? error.message : String(error);
    }
    const took = Date.now() - started;
    if (status !== 200) {
      this.notice(user.id, 'error', `${what} failed: the app answered ${status ? `HTTP ${status}` : text}.`);
    } else if (took > SLACK_TIMEOUT_MS) {
      this.notice(
        user.id,
        'warning',
        `The app took ${(took / 1000).toFixed(1)} s to answer ${what}; Slack gives up after 3 s.`,
      );
    }
    return { status, text };
  }

  // --- What the stand-in hears --------------------------------------------------------------------------------------

  private heard(event: SlackApiEvent): void {
    if (event.type === 'rate-limited') {
      this.emit({ kind: 'api', method: event.method, ok: false, error: `rate limited (${event.retryAfterSeconds} s)` });
      return;
    }
    if (event.type === 'response') {
      this.emit({
        kind: 'api',
        method: 'response_url',
        ok: event.post.ok,
        ...(event.post.error ? { error: event.post.error } : {}),
        problems: event.post.problems,
      });
      this.responsePost(event.post);
      return;
    }
    if (event.type === 'response-refused') {
      this.emit({ kind: 'api', method: 'response_url', ok: false, error: `answered ${event.fault}` });
      return;
    }
    const { method, args, answer } = event.call;
    this.emit({
      kind: 'api',
      method,
      ok: answer.ok,
      ...(answer.error ? { error: answer.error } : {}),
      ...(event.call.warnings.length ? { warnings: event.call.warnings } : {}),
    });
    if (!answer.ok) return;
    const content = { text: args.text, ...(args.blocks !== undefined ? { blocks: args.blocks } : {}) };
    switch (method) {
      case 'chat.postMessage':
      case 'chat.update': {
        const channel = String(answer.channel ?? args.channel);
        const ts = String(answer.ts);
        this.show(this.channelMessage(channel, ts, content), undefined, method === 'chat.update');
        return;
      }
      case 'chat.postEphemeral': {
        const channel = String(args.channel);
        const message = this.channelMessage(channel, String(answer.message_ts), content);
        this.show({ ...message, ephemeral: true, userId: String(args.user) }, undefined, false);
        return;
      }
      case 'chat.delete':
        this.remove(`${String(answer.channel)}/${String(answer.ts)}`);
        return;
      case 'views.open':
      case 'views.push':
      case 'views.update': {
        const view = isRecord(answer.view) ? answer.view : {};
        const id = String(view.id);
        const userId = this.views.get(id)?.userId ?? this.triggers.get(String(args.trigger_id));
        if (!userId) return;
        this.views.set(id, { userId, view });
        this.emit({ kind: 'modal', op: method.slice('views.'.length), userId, viewId: id, view });
        return;
      }
      case 'views.publish': {
        const userId = String(args.user_id);
        const view = isRecord(answer.view) ? answer.view : {};
        this.homes.set(userId, view);
        this.emit({ kind: 'home', userId, view });
        return;
      }
    }
  }

  private responsePost(post: ResponseUrlPost): void {
    const owner = this.responseUrls.get(post.id);
    if (!owner) return;
    if (!post.ok) {
      const why = post.problems.length ? `: ${post.problems.join('; ')}` : '';
      this.notice(owner.userId, 'error', `Slack refused the app's reply (${post.error ?? 'error'})${why}.`);
      return;
    }
    const body = post.body;
    if (truthy(body.delete_original)) {
      this.remove(owner.messageId);
      return;
    }
    const content = Object.fromEntries(Object.entries(body).filter(([key]) => !CONTROL_FIELDS.includes(key)));
    const original = this.messages.get(owner.messageId);
    const inChannel = body.response_type === 'in_channel';
    if (truthy(body.replace_original)) {
      this.show(
        {
          id: owner.messageId,
          place: original?.place ?? 'channel',
          channel: original?.channel ?? GENERAL,
          ts: original?.ts ?? this.options.slack.nextTs(),
          ephemeral: original?.ephemeral ?? !inChannel,
          content,
        },
        original ? original.userId : inChannel ? undefined : owner.userId,
        true,
      );
      return;
    }
    this.show(
      {
        id: this.nextId('resp'),
        place: original?.place ?? 'channel',
        channel: original?.channel ?? GENERAL,
        ts: this.options.slack.nextTs(),
        ephemeral: !inChannel,
        content,
      },
      inChannel ? undefined : owner.userId,
      false,
    );
  }

  private channelMessage(channel: string, ts: string, content: Record<string, unknown>): MessageRecord {
    const id = `${channel}/${ts}`;
    if (channel === this.options.oncallChannel) {
      return { id, place: 'oncall', channel: { id: channel, name: 'on-call' }, ts, ephemeral: false, content };
    }
    const dmUser = this.options.slack.dmUser(channel);
    if (dmUser) {
      return {
        id,
        place: 'dm',
        userId: dmUser,
        channel: { id: channel, name: 'directmessage' },
        ts,
        ephemeral: false,
        content,
      };
    }
    return {
      id,
      place: 'channel',
      channel: channel === GENERAL.id ? GENERAL : { id: channel, name: channel },
      ts,
      ephemeral: false,
      content,
    };
  }

  private show(message: MessageRecord, userId: string | undefined, replace: boolean): void {
    const record =
      userId !== undefined || message.userId !== undefined ? { ...message, userId: userId ?? message.userId } : message;
    this.messages.set(record.id, record);
    trim(this.messages);
    this.emit({
      kind: 'message',
      id: record.id,
      place: record.place,
      ...(record.userId ? { userId: record.userId } : {}),
      ephemeral: record.ephemeral,
      replace,
      ts: record.ts,
      content: record.content,
    });
  }

  private remove(id: string): void {
    this.messages.delete(id);
    this.emit({ kind: 'delete', id });
  }

  private notice(userId: string, level: 'error' | 'warning', text: string): void {
    this.emit({ kind: 'notice', userId, level, text, id: this.nextId('notice') });
  }

  private responseUrl(userId: string, messageId: string): string {
    const id = this.nextId('r');
    this.responseUrls.set(id, { userId, messageId });
    trim(this.responseUrls);
    return this.options.slack.responseUrl(id);
  }

  private trigger(userId: string): string {
    const id = newTriggerId();
    this.triggers.set(id, userId);
    trim(this.triggers);
    return id;
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.sequence}`;
  }
}

function clickedAction(value: unknown): ClickedAction | undefined {
  if (!isRecord(value)) return undefined;
  const { type, action_id: actionId, block_id: blockId } = value;
  if (typeof type !== 'string' || typeof actionId !== 'string' || typeof blockId !== 'string') return undefined;
  const action: ClickedAction = { type, action_id: actionId, block_id: blockId };
  if (typeof value.value === 'string') action.value = value.value;
  if (isRecord(value.text)) action.text = value.text;
  if (typeof value.style === 'string') action.style = value.style;
  if (isRecord(value.selected_option)) action.selected_option = value.selected_option;
  return action;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function trim<K, V>(map: Map<K, V>): void {
  while (map.size > REMEMBERED) map.delete(map.keys().next().value as K);
}
