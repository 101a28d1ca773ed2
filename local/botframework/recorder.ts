/** What the bot asked of the Connector API, in order, for tests to assert on and for the playground to show live. */

export type ConnectorOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'unknown';

export interface ConnectorCall {
  operation: ConnectorOperation;
  method: string;
  /** The path below the service URL, as sent: `/v3/conversations/<id, encoded>/activities`. */
  path: string;
  /** Decoded from the path; for createConversation, the conversation made. */
  conversationId?: string;
  /** The activity the call made (send, reply) or changed (update, delete). */
  activityId?: string;
  /** For a reply: the activity replied to. */
  replyToId?: string;
  /** The JSON body the bot sent, when it sent one. */
  body?: Record<string, unknown>;
  /** The HTTP status answered: 401 when the bearer token was not one the stand-in issued. */
  status: number;
  answer: unknown;
  /** The app id the bearer token was issued to; undefined when the call was refused for its token. */
  appId?: string;
  at: Date;
}

export type ConnectorListener = (call: ConnectorCall) => void;

export class Recorder {
  private recorded: ConnectorCall[] = [];
  private readonly listeners = new Set<ConnectorListener>();

  calls(operation?: ConnectorOperation): ConnectorCall[] {
    return operation === undefined ? [...this.recorded] : this.recorded.filter((c) => c.operation === operation);
  }

  /** Returns the function that unsubscribes. A listener that throws does not break the stand-in. */
  subscribe(listener: ConnectorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(call: ConnectorCall): void {
    this.recorded.push(call);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch {
        // A broken test listener must not turn into an answer the Bot Framework would never give.
      }
    }
  }

  /** The first matching call, already made or still to come; rejects after `timeoutMs`, naming the calls it saw. */
  waitForCall(
    operation: ConnectorOperation,
    predicate: (call: ConnectorCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ConnectorCall> {
    const matches = (call: ConnectorCall) => call.operation === operation && predicate(call);
    const already = this.recorded.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const seen = this.recorded.map((c) => `${c.operation} ${c.status}`).join(', ') || 'none';
        reject(new Error(`No matching ${operation} call within ${timeoutMs} ms (calls seen: ${seen}).`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((call) => {
        if (!matches(call)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(call);
      });
    });
  }

  reset(): void {
    this.recorded = [];
  }
}
