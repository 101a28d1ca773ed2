/**
 * `npm start`: the whole bot on one machine, with no AWS account and no chat workspace. Starts DynamoDB
 * Local with the bot's tables, the WorkSpaces simulator with the demo fleet, the local sign-in provider,
 * a Slack Web API stand-in, and the bot's function URL handler on PORT (default 3000) with the playground page
 * at http://localhost:PORT/; runs the scanner every minute and the reaper every two (on-call reports are printed
 * here and shown in the playground). With SLACK_APP_TOKEN, the bot talks to a real Slack workspace over Socket Mode
 * instead. Ctrl-C stops everything. The stack itself is local/stack.ts, which the browser test starts as well.
 */
import { describeStack, startLocalStack } from './stack';

async function main(): Promise<void> {
  const stack = await startLocalStack();
  for (const line of describeStack(stack)) console.log(line);
  console.log('\nPress Ctrl-C to stop.');

  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
