/** Fresh, uniquely named tables in the run's DynamoDB Local, so test files never share data. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../core/aws/dynamodb';
import { type Config, loadConfig } from '../../core/config';
import { createTables } from '../../local/dynamodb/create-tables';

export interface TestTables {
  /** The TABLE_PREFIX that names them: what another process or fixture needs to use the same tables. */
  prefix: string;
  config: Config;
  db: DynamoDBDocumentClient;
}

export async function testTables(env: Record<string, string> = {}): Promise<TestTables> {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const config = loadConfig({ ...process.env, TABLE_PREFIX: prefix, ...env });
  const raw = new DynamoDBClient({});
  await createTables(raw, config.tables);
  raw.destroy();
  return { prefix, config, db: documentClient(config.aws) };
}
