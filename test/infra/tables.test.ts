import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_VARIABLES } from '../../core/config';
import { TABLES } from '../../core/data/tables';
import { TABLE_ACCESS } from '../../infra/lib/permissions';
import { buildStack, resources } from './stack-fixture';

const { stack, template } = buildStack();

const keySchema = (pk: { name: string }, sk?: { name: string }) => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
];

describe('the DynamoDB tables, built from core/data/tables.ts', () => {
  it('has exactly one table per definition', () => {
    expect(Object.keys(resources(template, 'AWS::DynamoDB::Table'))).toHaveLength(Object.keys(TABLES).length);
  });

  it.each(Object.entries(TABLES))('%s: keys, indexes and TTL from its definition', (name, definition) => {
    const logicalId = stack.getLogicalId(stack.tables.tables[name as keyof typeof TABLES].node.defaultChild as never);
    const table = resources(template, 'AWS::DynamoDB::Table')[logicalId]!;
    const props = table.Properties as Record<string, unknown>;
    expect(props.KeySchema).toEqual(keySchema(definition.partitionKey, definition.sortKey));
    const gsis = (props.GlobalSecondaryIndexes as unknown[] | undefined) ?? [];
    expect(gsis).toEqual(
      definition.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const attributes = new Map<string, string>();
    for (const key of [
      definition.partitionKey,
      definition.sortKey,
      ...definition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]) {
      if (key) attributes.set(key.name, key.type);
    }
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      ),
    );
    expect(props.AttributeDefinitions).toHaveLength(attributes.size);
    if (definition.timeToLiveAttribute) {
      expect(props.TimeToLiveSpecification).toEqual({ AttributeName: definition.timeToLiveAttribute, Enabled: true });
    } else {
      expect(props.TimeToLiveSpecification).toBeUndefined();
    }
  });

  it('makes every table on-demand, with point-in-time recovery and encryption, kept when the stack goes', () => {
    template.allResources('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key: the AWS managed key, aws/dynamodb.
        SSESpecification: { SSEEnabled: true },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('gives every table a generated name, passed to the code in the variables core/config.ts reads', () => {
    template.allResources('AWS::DynamoDB::Table', { Properties: Match.objectLike({ TableName: Match.absent() }) });
    const functions = resources(template, 'AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(Object.keys(TABLE_ACCESS).length);
    for (const [fn, access] of Object.entries(TABLE_ACCESS) as [keyof typeof TABLE_ACCESS, object][]) {
      const id = stack.getLogicalId(stack.functions[fn].fn.node.defaultChild as never);
      const variables = (functions[id]!.Properties as { Environment: { Variables: Record<string, unknown> } })
        .Environment.Variables;
      for (const [name, { variable }] of Object.entries(TABLE_VARIABLES)) {
        const table = stack.tables.tables[name as keyof typeof TABLE_VARIABLES];
        // A function that reads no table (the Teams function) is told no table's name.
        const expected = Object.keys(access).length
          ? { Ref: stack.getLogicalId(table.node.defaultChild as never) }
          : undefined;
        expect([fn, variable, variables[variable]]).toEqual([fn, variable, expected]);
      }
    }
  });
});
