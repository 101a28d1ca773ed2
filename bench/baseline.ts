/**
 * The seed portal's import, reproduced as the baseline to beat: lambda_workspaces_import.py of
 * aws-samples/amazon-workspaces-portal-sample, step for step, with the SDK's default clients:
 *
 * - regions from EC2 DescribeRegions, scanned one after another;
 * - in each, every WorkSpace listed by a paginated DescribeWorkspaces (25 a page, no directory filter), then every
 *   connection status by a paginated DescribeWorkspacesConnectionStatus (no ids), both fully sequential;
 * - the directories listed once for their registration codes, on the first WorkSpace that needs one;
 * - then one PutItem per WorkSpace, one after another, into a table keyed by WorkspaceId with the seed's item shape.
 *
 * Errors are handled as the seed did: a region that fails is logged and skipped, a failed PutItem logged.
 */
import { CreateTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  paginateDescribeWorkspaces,
  WorkSpacesClient,
  type Workspace,
  type WorkspaceConnectionStatus,
} from '@aws-sdk/client-workspaces';
import type { BenchIO } from './harness';

/** The seed's table: WorkspaceId as the only key, no index. */
export async function createSeedTable(db: DynamoDBClient, tableName: string): Promise<void> {
  await db.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'WorkspaceId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'WorkspaceId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

export interface BaselineResult {
  regions: number;
  workspaces: number;
  putErrors: number;
}

export async function runSeedImport(db: DynamoDBClient, tableName: string, io: BenchIO): Promise<BaselineResult> {
  const result: BaselineResult = { regions: 0, workspaces: 0, putErrors: 0 };
  let regions: string[];
  const ec2 = new EC2Client({});
  try {
    const out = await ec2.send(new DescribeRegionsCommand({}));
    regions = (out.Regions ?? []).map((r) => r.RegionName ?? '').filter(Boolean);
  } catch (error) {
    io.err(`baseline: unable to get a list of regions: ${String(error)}`);
    regions = ['us-east-1'];
  } finally {
    ec2.destroy();
  }
  const registrationCodes = new Map<string, string>();

  for (const region of regions) {
    const client = new WorkSpacesClient({ region });
    try {
      const workspaces: Workspace[] = [];
      try {
        for await (const page of paginateDescribeWorkspaces({ client, pageSize: 25 }, {})) {
          workspaces.push(...(page.Workspaces ?? []));
        }
      } catch (error) {
        io.err(`baseline: failed to get the WorkSpaces of ${region}: ${String(error)}`);
        continue;
      }
      result.regions++;
      if (workspaces.length === 0) continue;

      const connections: WorkspaceConnectionStatus[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new DescribeWorkspacesConnectionStatusCommand({ NextToken: token }));
        connections.push(...(out.WorkspacesConnectionStatus ?? []));
        token = out.NextToken;
      } while (token);
      const lastConnected = new Map<string, string>();
      for (const c of connections) {
        if (c.WorkspaceId && c.LastKnownUserConnectionTimestamp) {
          lastConnected.set(c.WorkspaceId, String(Math.floor(c.LastKnownUserConnectionTimestamp.getTime() / 1000)));
        }
      }

      for (const ws of workspaces) {
        const item: Record<string, { S: string } | { N: string }> = {
          WorkspaceId: { S: ws.WorkspaceId ?? '' },
          UserName: { S: ws.UserName ?? '' },
          Region: { S: region },
          InstanceState: { S: ws.State ?? '' },
          LastTouched: { N: String(Date.now() / 1000) },
          RunningMode: { S: ws.WorkspaceProperties?.RunningMode ?? '' },
          RegCode: { S: await registrationCode(client, ws.DirectoryId ?? '', registrationCodes, io) },
        };
        if (ws.ComputerName) item.ComputerName = { S: ws.ComputerName };
        if (ws.IpAddress) item.IPAddress = { S: ws.IpAddress };
        const connected = lastConnected.get(ws.WorkspaceId ?? '');
        if (connected) item.LastConnected = { N: connected };
        try {
          await db.send(new PutItemCommand({ TableName: tableName, Item: item }));
          result.workspaces++;
        } catch (error) {
          result.putErrors++;
          io.err(`baseline: DynamoDB error: ${String(error)}`);
        }
      }
    } finally {
      client.destroy();
    }
  }
  return result;
}

/** The seed's GetRegCode: one unpaginated DescribeWorkspaceDirectories on a cache miss, every answer kept. */
async function registrationCode(
  client: WorkSpacesClient,
  directoryId: string,
  codes: Map<string, string>,
  io: BenchIO,
): Promise<string> {
  const known = codes.get(directoryId);
  if (known !== undefined) return known;
  try {
    const out = await client.send(new DescribeWorkspaceDirectoriesCommand({}));
    for (const d of out.Directories ?? []) if (d.DirectoryId) codes.set(d.DirectoryId, d.RegistrationCode ?? '');
  } catch (error) {
    io.err(`baseline: did not get the list of directories: ${String(error)}`);
    return '';
  }
  return codes.get(directoryId) ?? '';
}
