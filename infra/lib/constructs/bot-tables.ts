/**
 * The bot's DynamoDB tables, built from the one definition of their keys, indexes and TTL
 * (core/data/tables.ts): on-demand, point-in-time recovery, encrypted with the AWS managed key.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableNames } from '../../../core/config';
import { type KeyAttribute, TABLES, type TableDefinition } from '../../../core/data/tables';

export type TableName = keyof TableNames;

/** The variable core/config.ts reads each table's name from. */
export const TABLE_NAME_VARIABLES: Readonly<Record<TableName, string>> = {
  workspaces: 'WORKSPACES_TABLE',
  links: 'LINKS_TABLE',
  signinStates: 'SIGNIN_STATES_TABLE',
  audit: 'AUDIT_TABLE',
  idempotency: 'IDEMPOTENCY_TABLE',
  sync: 'SYNC_TABLE',
};

function attribute(key: KeyAttribute) {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

function constructId(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export interface BotTablesProps {
  /** The definitions to build; the shared TABLES unless a test says otherwise. */
  definitions?: Readonly<Record<TableName, TableDefinition>>;
}

export class BotTables extends Construct {
  readonly tables: Readonly<Record<TableName, Table>>;

  constructor(scope: Construct, id: string, props: BotTablesProps = {}) {
    super(scope, id);
    const definitions = props.definitions ?? TABLES;
    const tables = {} as Record<TableName, Table>;
    for (const name of Object.keys(definitions) as TableName[]) {
      const definition = definitions[name];
      const table = new Table(this, constructId(name), {
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // Links and the audit trail cannot be rebuilt: a deleted stack leaves every table in place.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of definition.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
          projectionType: ProjectionType.ALL,
        });
      }
      tables[name] = table;
    }
    this.tables = tables;
  }

  /** The table-name variables every function gets, so each one reads the stack's own tables. */
  environment(): Record<string, string> {
    return Object.fromEntries(
      (Object.keys(this.tables) as TableName[]).map((name) => [
        TABLE_NAME_VARIABLES[name],
        this.tables[name].tableName,
      ]),
    );
  }
}
