/**
 * The bot's DynamoDB tables, built from the one definition of their keys, indexes and TTL
 * (core/data/tables.ts): on-demand, point-in-time recovery, encrypted with the AWS managed key.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_VARIABLES, type TableNames } from '../../../core/config';
import { type KeyAttribute, TABLES } from '../../../core/data/tables';

export type TableName = keyof TableNames;

function attribute(key: KeyAttribute) {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

function constructId(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export class BotTables extends Construct {
  readonly tables: Readonly<Record<TableName, Table>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const tables = {} as Record<TableName, Table>;
    for (const name of Object.keys(TABLES) as TableName[]) {
      const definition = TABLES[name];
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
        TABLE_VARIABLES[name].variable,
        this.tables[name].tableName,
      ]),
    );
  }
}
