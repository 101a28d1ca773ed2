/** Creates the bot's tables (from the shared definitions) in DynamoDB Local, with their TTL settings. */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../../core/config';
import { createTableInput, TABLES } from '../../core/data/tables';

export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    (Object.keys(TABLES) as (keyof TableNames)[]).map(async (id) => {
      const definition = TABLES[id];
      try {
        await client.send(new CreateTableCommand(createTableInput(definition, names[id])));
      } catch (error) {
        if (error instanceof ResourceInUseException) return;
        throw error;
      }
      if (definition.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: names[id],
            TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }),
  );
}
