/**
 * The Connector REST API (v3) that botbuilder's ConnectorClient and TeamsInfo call, with the conversations it holds:
 * the activities the bot sent (so update and delete find them, or answer 404 as the service does), and the members
 * tests put there with setMember (so TeamsInfo.getMember answers a Teams member with email and UPN).
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../json';
import type { ConnectorOperation } from './recorder';

/** A member as Teams' getMember answers it (TeamsChannelAccount). */
export interface TeamsMember {
  /** The Bot Framework user id, `29:…`. */
  id: string;
  aadObjectId?: string;
  name?: string;
  givenName?: string;
  surname?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

export interface ConnectorAnswer {
  status: number;
  body: unknown;
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
  replyToId?: string;
}

interface Conversation {
  members: Map<string, TeamsMember>;
  activities: Map<string, Record<string, unknown>>;
}

/** The service's error shape (ErrorResponse). */
function error(status: number, code: string, message: string, operation: ConnectorOperation): ConnectorAnswer {
  return { status, body: { error: { code, message } }, operation };
}

export class Conversations {
  private readonly byId = new Map<string, Conversation>();
  private lastActivityId = 0;

  constructor(private readonly options: { appId: string; tenantId: string; now: () => number }) {}

  /** Puts a member in a conversation (replacing one with the same id), for getMember to find. */
  setMember(conversationId: string, member: TeamsMember): void {
    this.conversation(conversationId).members.set(member.id, { ...member });
  }

  /** The activities the bot sent to a conversation and has not deleted, as last updated. */
  activities(conversationId: string): Record<string, unknown>[] {
    return [...(this.byId.get(conversationId)?.activities.values() ?? [])].map((a) => structuredClone(a));
  }

  reset(): void {
    this.byId.clear();
  }

  /** Answers a Connector call; `path` is below the service URL and starts with `/v3/`. */
  answer(method: string, path: string, body: unknown): ConnectorAnswer {
    const route = routeOf(method, path);
    if ('status' in route) return route;
    const { operation, item } = route;
    const conversationId = route.conversationId ?? '';
    switch (operation) {
      case 'createConversation':
        return this.createConversation(body);
      case 'getConversationMembers':
      case 'getConversationMember':
        return this.memberCall(conversationId, item);
      case 'sendToConversation':
        return this.post(conversationId, body, operation);
      case 'replyToActivity':
        return { ...this.post(conversationId, body, operation), replyToId: item ?? '' };
      case 'updateActivity': {
        const problem = activityProblem(body, operation);
        if (problem) return problem;
        const activities = this.conversation(conversationId).activities;
        if (!activities.has(item ?? '')) return notFound(conversationId, item ?? '', operation);
        activities.set(item!, this.stamp(body as Record<string, unknown>, conversationId, item!));
        return { status: 200, body: { id: item }, operation, conversationId, activityId: item! };
      }
      case 'deleteActivity':
        if (!this.byId.get(conversationId)?.activities.delete(item ?? '')) {
          return notFound(conversationId, item ?? '', operation);
        }
        return { status: 200, body: {}, operation, conversationId, activityId: item! };
      default:
        return error(404, 'NotFound', `${method} ${path} is not served.`, 'unknown');
    }
  }

  private post(
    conversationId: string,
    body: unknown,
    operation: 'sendToConversation' | 'replyToActivity',
  ): ConnectorAnswer {
    const problem = activityProblem(body, operation);
    if (problem) return problem;
    const activityId = this.nextActivityId();
    const activity = this.stamp(body as Record<string, unknown>, conversationId, activityId);
    this.conversation(conversationId).activities.set(activityId, activity);
    return { status: 201, body: { id: activityId }, operation, conversationId, activityId };
  }

  private memberCall(conversationId: string, userId: string | undefined): ConnectorAnswer {
    const members = this.byId.get(conversationId)?.members ?? new Map<string, TeamsMember>();
    if (userId === undefined || userId === '') {
      return { status: 200, body: [...members.values()], operation: 'getConversationMembers', conversationId };
    }
    const member = members.get(userId);
    if (!member) {
      return {
        ...error(
          404,
          'MemberNotFoundInConversation',
          'The member was not found in the conversation.',
          'getConversationMember',
        ),
        conversationId,
      };
    }
    return { status: 200, body: member, operation: 'getConversationMember', conversationId };
  }

  /** A 1:1 conversation with one member: the same member always gets the same conversation id, as in Teams. */
  private createConversation(body: unknown): ConnectorAnswer {
    const operation = 'createConversation';
    if (!isRecord(body)) return error(400, 'BadArgument', 'The body must be ConversationParameters.', operation);
    const members = Array.isArray(body.members) ? body.members : [];
    const member = members[0];
    if (body.isGroup === true || members.length !== 1 || !isRecord(member) || typeof member.id !== 'string') {
      return error(400, 'BadArgument', 'Only a 1:1 conversation with exactly one member can be created.', operation);
    }
    const memberId = member.id;
    const digest = createHash('sha256').update(`${this.options.tenantId}\n${memberId}`).digest('base64url');
    const conversationId = `a:1${digest.slice(0, 40)}`;
    const conversation = this.conversation(conversationId);
    const known = [...this.byId.values()].map((c) => c.members.get(memberId)).find((m) => m !== undefined);
    conversation.members.set(memberId, known ?? { id: memberId, tenantId: this.options.tenantId });
    const answer: Record<string, unknown> = { id: conversationId };
    if (isRecord(body.activity)) {
      const activityId = this.nextActivityId();
      conversation.activities.set(activityId, this.stamp(body.activity, conversationId, activityId));
      answer.activityId = activityId;
    }
    return { status: 201, body: answer, operation, conversationId };
  }

  private conversation(id: string): Conversation {
    let conversation = this.byId.get(id);
    if (!conversation) {
      conversation = { members: new Map(), activities: new Map() };
      this.byId.set(id, conversation);
    }
    return conversation;
  }

  /** Message ids in Teams are epoch milliseconds; these are too, and strictly increasing. */
  private nextActivityId(): string {
    this.lastActivityId = Math.max(this.options.now(), this.lastActivityId + 1);
    return String(this.lastActivityId);
  }

  private stamp(
    activity: Record<string, unknown>,
    conversationId: string,
    activityId: string,
  ): Record<string, unknown> {
    return {
      ...structuredClone(activity),
      id: activityId,
      conversation: { ...(isRecord(activity.conversation) ? activity.conversation : {}), id: conversationId },
      timestamp: new Date(this.options.now()).toISOString(),
    };
  }
}

function activityProblem(body: unknown, operation: ConnectorOperation): ConnectorAnswer | undefined {
  if (!isRecord(body) || typeof body.type !== 'string' || body.type === '') {
    return error(400, 'BadArgument', 'The body must be an activity with a type.', operation);
  }
  return undefined;
}

function notFound(conversationId: string, activityId: string, operation: ConnectorOperation): ConnectorAnswer {
  return {
    ...error(404, 'ActivityNotFoundInConversation', `No activity ${activityId} in this conversation.`, operation),
    conversationId,
    activityId,
  };
}

export interface Route {
  operation: ConnectorOperation;
  conversationId?: string;
  /** The activity id or member id the path ends in. */
  item?: string;
}

/** Which Connector operation a request is, and of which conversation; or the error that answers it. */
export function routeOf(method: string, path: string): Route | ConnectorAnswer {
  const segments = path.split('/').slice(1);
  if (segments[0] !== 'v3' || segments[1] !== 'conversations') {
    return error(404, 'NotFound', `Nothing is served at ${path}.`, 'unknown');
  }
  const [, , rawConversation, collection, rawItem, ...rest] = segments;
  if (rawConversation === undefined || rawConversation === '') {
    if (method === 'POST' && collection === undefined) return { operation: 'createConversation' };
    return notServed(method, path);
  }
  let conversationId: string;
  let item: string | undefined;
  try {
    conversationId = decodeURIComponent(rawConversation);
    item = rawItem === undefined || rawItem === '' ? undefined : decodeURIComponent(rawItem);
  } catch {
    return error(400, 'BadArgument', 'The path is not properly encoded.', 'unknown');
  }
  if (rest.length > 0) return error(404, 'NotFound', `Nothing is served at ${path}.`, 'unknown');
  const at = (operation: ConnectorOperation): Route => ({
    operation,
    conversationId,
    ...(item !== undefined ? { item } : {}),
  });
  if (collection === 'activities') {
    if (item === undefined) return method === 'POST' ? at('sendToConversation') : notServed(method, path);
    if (method === 'POST') return at('replyToActivity');
    if (method === 'PUT') return at('updateActivity');
    if (method === 'DELETE') return at('deleteActivity');
    return notServed(method, path);
  }
  if (collection === 'members' && method === 'GET') {
    return at(item === undefined ? 'getConversationMembers' : 'getConversationMember');
  }
  return notServed(method, path);
}

function notServed(method: string, path: string): ConnectorAnswer {
  return error(405, 'MethodNotAllowed', `${method} ${path} is not served.`, 'unknown');
}
