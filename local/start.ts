/**
 * `npm start`: the local stack on one machine, with no AWS account and no chat workspace. Starts DynamoDB
 * Local with the bot's tables and the WorkSpaces simulator with the demo fleet, and prints how to point AWS
 * tools at them. Ctrl-C stops everything.
 */
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../core/config';
import { createTables } from './dynamodb/create-tables';
import { startDynamoDbLocal } from './dynamodb/launcher';
import { startWorkspacesSimulator } from './workspaces-sim';

async function main(): Promise<void> {
  const started = Date.now();
  const dynamo = await startDynamoDbLocal();
  const fleetFile = process.env.SIM_FLEET ?? path.join(__dirname, 'workspaces-sim', 'demo-fleet.json');
  const simulator = await startWorkspacesSimulator({ fleet: fleetFile });

  // The stand-ins are reached only through the SDK's standard variables, exactly as real AWS would be.
  const endpoints = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_WORKSPACES: simulator.url,
    AWS_ENDPOINT_URL_EC2: simulator.url,
    AWS_ENDPOINT_URL_STS: simulator.url,
  };
  Object.assign(process.env, endpoints, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
  const config = loadConfig();
  const client = new DynamoDBClient({});
  await createTables(client, config.tables);
  client.destroy();

  console.log(`WorkSpaces Bot local stack is ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(`  DynamoDB Local       ${dynamo.endpoint} (tables ${Object.values(config.tables).join(', ')})`);
  console.log(`  WorkSpaces simulator ${simulator.url} (fleet ${path.relative(process.cwd(), fleetFile)})`);
  console.log('\nTo use them from another shell with the AWS CLI or SDK:');
  for (const [name, value] of Object.entries(endpoints)) console.log(`  export ${name}=${value}`);
  console.log('  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local');
  console.log('\nPress Ctrl-C to stop.');

  const stop = async () => {
    await simulator.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
