/**
 * Counts DynamoDB item writes with a middleware on the client the scanner already uses, so the production code
 * path is measured as it is: nothing is wrapped, replaced or re-wired.
 *
 * What counts: one per PutItem, UpdateItem and DeleteItem, one per item of a BatchWriteItem that DynamoDB
 * processed, one per Put/Update/Delete of a TransactWriteItems. A conditional write that fails its condition counts
 * too: it reached DynamoDB and costs a write unit all the same. SDK retries happen below this middleware and are not
 * counted twice; items a BatchWriteItem left unprocessed are counted when the caller sends them again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type AnyClient = DynamoDBClient | DynamoDBDocumentClient;
type Json = Record<string, unknown>;

const MIDDLEWARE = 'benchItemWriteCounter';

function asRecord(value: unknown): Json {
  return value && typeof value === 'object' ? (value as Json) : {};
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** table -> item writes made by one command, given what was sent and (when it succeeded) what came back. */
export function itemWrites(command: string, input: unknown, output: unknown): Map<string, number> {
  const writes = new Map<string, number>();
  const add = (table: unknown, n: number) => {
    if (n > 0) writes.set(String(table), (writes.get(String(table)) ?? 0) + n);
  };
  const sent = asRecord(input);
  switch (command.replace(/Command$/, '')) {
    case 'PutItem':
    case 'Put':
    case 'UpdateItem':
    case 'Update':
    case 'DeleteItem':
    case 'Delete':
      add(sent.TableName, 1);
      break;
    case 'BatchWriteItem':
    case 'BatchWrite': {
      const unprocessed = asRecord(asRecord(output).UnprocessedItems);
      for (const [table, requests] of Object.entries(asRecord(sent.RequestItems))) {
        add(table, lengthOf(requests) - lengthOf(unprocessed[table]));
      }
      break;
    }
    case 'TransactWriteItems':
    case 'TransactWrite':
      for (const item of Array.isArray(sent.TransactItems) ? sent.TransactItems : []) {
        const entry = asRecord(item);
        const write = entry.Put ?? entry.Update ?? entry.Delete;
        if (write) add(asRecord(write).TableName, 1);
      }
      break;
  }
  return writes;
}

export class WriteCounter {
  private readonly byTable = new Map<string, number>();
  private readonly attached = new Set<unknown>();

  /**
   * Attaches to every DynamoDB client held by the given stores (for the scanner: its WorkspaceCache and SyncStore).
   * Their client is private to them, so it is found by looking at their fields: a benchmark may look inside, the
   * production code does not have to open up for it.
   */
  attachTo(...stores: object[]): void {
    const clients = stores.flatMap((store) =>
      Object.values(store).filter(
        (value): value is AnyClient => value instanceof DynamoDBDocumentClient || value instanceof DynamoDBClient,
      ),
    );
    if (clients.length === 0) {
      throw new Error('bench: found no DynamoDB client in the scanner stores; update bench/write-counter.ts');
    }
    for (const client of clients) this.attach(client);
  }

  /** Counts the writes sent through this client (a document client shares its base client's middleware stack). */
  attach(client: AnyClient): void {
    const stack = client.middlewareStack;
    if (this.attached.has(stack)) return;
    this.attached.add(stack);
    const record = (command: string, input: unknown, output: unknown) => {
      for (const [table, n] of itemWrites(command, input, output))
        this.byTable.set(table, (this.byTable.get(table) ?? 0) + n);
    };
    (stack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '');
        try {
          const result = await next(args);
          record(command, args.input, result.output);
          return result;
        } catch (error) {
          // Refused by a condition or the SDK gave up: counted as sent in full (see the header).
          record(command, args.input, undefined);
          throw error;
        }
      },
      { step: 'initialize', name: MIDDLEWARE, override: true },
    );
  }

  total(): number {
    let sum = 0;
    for (const n of this.byTable.values()) sum += n;
    return sum;
  }

  tables(): Record<string, number> {
    return Object.fromEntries(this.byTable);
  }

  reset(): void {
    this.byTable.clear();
  }
}
