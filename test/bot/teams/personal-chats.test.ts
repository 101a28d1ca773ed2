/**
 * The deliverer's memory of personal chats, against a fake adapter that records what botbuilder would be asked to do:
 * a chat is opened once and reused, and one Teams no longer knows (a 404) is forgotten and opened afresh. The
 * end-to-end side (the stand-in, one createConversation for two private answers) is in teams-bot.test.ts.
 */
import type { TurnContext } from 'botbuilder';
import type { ReplyAddress } from '../../../bot/chat/port';
import type { TeamsAdapter } from '../../../bot/teams/adapter';
import { TeamsDeliverer } from '../../../bot/teams/deliverer';
import { buttonNoLongerWorks } from '../../../bot/views/delivery';

const SERVICE = 'https://smba.trafficmanager.net/emea/';
const personal: ReplyAddress = {
  platform: 'teams',
  kind: 'personal',
  serviceUrl: SERVICE,
  tenantId: 'tenant-1',
  userId: '29:alice',
};

function fakeTeams() {
  const calls: string[] = [];
  let opened = 0;
  const gone = new Set<string>();
  const context = (conversationId: string) =>
    ({
      activity: { conversation: { id: conversationId } },
      sendActivity: async () => {
        calls.push(`send ${conversationId}`);
        return { id: `a${calls.length}` };
      },
      updateActivity: async () => undefined,
    }) as unknown as TurnContext;
  const teams = {
    appId: 'app',
    serviceUrlAllowed: () => true,
    continueConversation: async (
      reference: { conversation?: { id: string } },
      logic: (c: TurnContext) => Promise<void>,
    ) => {
      const id = reference.conversation?.id ?? '';
      if (gone.has(id)) throw Object.assign(new Error('Conversation not found'), { statusCode: 404 });
      await logic(context(id));
    },
    adapter: {
      createConversationAsync: async (...args: unknown[]) => {
        const logic = args.at(-1) as (c: TurnContext) => Promise<void>;
        opened++;
        calls.push('createConversation');
        await logic(context(`a:chat${opened}`));
      },
    },
  } as unknown as TeamsAdapter;
  return { teams, calls, gone };
}

const view = { ...buttonNoLongerWorks(), private: true };

describe('personal chats the Teams deliverer opens', () => {
  it('opens the chat once and posts there again next time', async () => {
    const fake = fakeTeams();
    const deliverer = new TeamsDeliverer({ teams: async () => fake.teams, audience: 'x', now: () => new Date() });
    await deliverer.send(personal, view);
    await deliverer.send(personal, view);
    expect(fake.calls).toEqual(['createConversation', 'send a:chat1', 'send a:chat1']);
  });

  it('forgets a chat Teams no longer knows, and opens it afresh', async () => {
    const fake = fakeTeams();
    const deliverer = new TeamsDeliverer({ teams: async () => fake.teams, audience: 'x', now: () => new Date() });
    await deliverer.send(personal, view);
    fake.gone.add('a:chat1');
    const posted = await deliverer.send(personal, view);
    expect(fake.calls).toEqual(['createConversation', 'send a:chat1', 'createConversation', 'send a:chat2']);
    expect(posted).toMatchObject({ kind: 'conversation', conversationId: 'a:chat2' });
    await deliverer.send(personal, view);
    expect(fake.calls.at(-1)).toBe('send a:chat2');
  });
});
