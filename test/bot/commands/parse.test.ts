/** The `/workspace` command parser: every command, targets, fleet filters, typos, odd spacing, and junk. */
import fc from 'fast-check';
import { COMMANDS } from '../../../bot/commands/catalog';
import { type Command, parseCommand, parseTarget } from '../../../bot/commands/parse';
import { closestWords, editDistance } from '../../../bot/commands/suggest';
import { withPortMentions } from '../../../bot/slack/inbound';

describe('parseCommand: commands', () => {
  it.each<[string, Command]>([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP me please', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['list', { kind: 'list' }],
    ['  LIST  ', { kind: 'list' }],
    ['link', { kind: 'link' }],
    ['unlink', { kind: 'unlink' }],
    ['WhoAmI', { kind: 'whoami' }],
    ['status', { kind: 'status' }],
    ['status ws-abc123def', { kind: 'status', target: { kind: 'workspace', workspaceId: 'ws-abc123def' } }],
    ['restart', { kind: 'action', action: 'reboot' }],
    ['reboot', { kind: 'action', action: 'reboot' }],
    [
      'Restart WS-ABC123',
      { kind: 'action', action: 'reboot', target: { kind: 'workspace', workspaceId: 'ws-abc123' } },
    ],
    ['start ws-1', { kind: 'action', action: 'start', target: { kind: 'workspace', workspaceId: 'ws-1' } }],
    ['stop', { kind: 'action', action: 'stop' }],
    ['rebuild ws-1', { kind: 'action', action: 'rebuild', target: { kind: 'workspace', workspaceId: 'ws-1' } }],
    ['restore ws-1', { kind: 'action', action: 'restore', target: { kind: 'workspace', workspaceId: 'ws-1' } }],
    ['terminate ws-1', { kind: 'action', action: 'terminate', target: { kind: 'workspace', workspaceId: 'ws-1' } }],
    ['fleet', { kind: 'fleet', filters: {} }],
  ])('%j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('tolerates tabs, newlines, non-breaking and zero-width spaces, and the command typed again', () => {
    const expected = { kind: 'action', action: 'reboot', target: { kind: 'workspace', workspaceId: 'ws-1' } };
    expect(parseCommand('\t restart \u00a0\u00a0 ws-1 \n')).toEqual(expected);
    expect(parseCommand('restart\u200bws-1')).toEqual(expected);
    expect(parseCommand('/workspace restart ws-1')).toEqual(expected);
    expect(parseCommand('workspace list')).toEqual({ kind: 'list' });
  });

  it('knows every word of the catalogue, so help cannot list a command the parser does not take', () => {
    for (const command of COMMANDS) {
      for (const word of command.words) {
        const parsed = parseCommand(command.name === 'terminate' ? `${word} ws-1` : word);
        expect(parsed.kind).not.toBe('unknown');
        expect(parsed.kind).not.toBe('invalid');
      }
    }
  });
});

describe('parseCommand: targets', () => {
  it.each<[string, Command]>([
    [
      'restart <@U123ABC|alice>',
      { kind: 'action', action: 'reboot', target: { kind: 'chat-user', chatUserId: 'U123ABC', name: 'alice' } },
    ],
    ['restart <@W0ENT>', { kind: 'action', action: 'reboot', target: { kind: 'chat-user', chatUserId: 'W0ENT' } }],
    ['restart @Alice', { kind: 'action', action: 'reboot', target: { kind: 'ad-user', user: { userName: 'alice' } } }],
    ['status alice', { kind: 'status', target: { kind: 'ad-user', user: { userName: 'alice' } } }],
    [
      'stop CORP\\alice',
      { kind: 'action', action: 'stop', target: { kind: 'ad-user', user: { userName: 'alice', domain: 'corp' } } },
    ],
    [
      'start alice@corp.example.com',
      {
        kind: 'action',
        action: 'start',
        target: { kind: 'ad-user', user: { userName: 'alice', domain: 'corp.example.com' } },
      },
    ],
    [
      // Slack links an e-mail address it sees in a command.
      'start <mailto:alice@corp.example.com|alice@corp.example.com>',
      {
        kind: 'action',
        action: 'start',
        target: { kind: 'ad-user', user: { userName: 'alice', domain: 'corp.example.com' } },
      },
    ],
    ["status jean-luc.o'neil", { kind: 'status', target: { kind: 'ad-user', user: { userName: "jean-luc.o'neil" } } }],
  ])('%j', (input, expected) => {
    // As the Slack adapter hands it over: its mentions turned into the port's tokens.
    expect(parseCommand(withPortMentions(input))).toEqual(expected);
  });

  it('explains a target that is neither a WorkSpace id nor a user name', () => {
    expect(parseCommand('reboot ws-12!')).toEqual({
      kind: 'invalid',
      command: 'reboot',
      problem: expect.stringContaining('not a WorkSpace id'),
    });
    expect(parseCommand('status <#C123|general>')).toMatchObject({ kind: 'invalid', command: 'status' });
    expect(parseTarget('a*b')).toEqual(expect.stringContaining('neither a WorkSpace id'));
  });

  it('takes one target at a time', () => {
    expect(parseCommand('reboot ws-1 ws-2')).toMatchObject({ kind: 'invalid', command: 'reboot' });
  });

  it('asks terminate for exactly one WorkSpace id, never a person', () => {
    expect(parseCommand('terminate')).toMatchObject({ kind: 'invalid', command: 'terminate' });
    expect(parseCommand('terminate alice')).toMatchObject({
      kind: 'invalid',
      problem: expect.stringContaining('cannot be undone'),
    });
    expect(parseCommand(withPortMentions('terminate <@U1>'))).toMatchObject({ kind: 'invalid', command: 'terminate' });
    expect(parseCommand('terminate ws-1 ws-2')).toMatchObject({ kind: 'invalid', command: 'terminate' });
  });

  it('refuses arguments to commands that take none', () => {
    expect(parseCommand('list everything')).toMatchObject({ kind: 'invalid', command: 'list' });
    expect(parseCommand('whoami now')).toMatchObject({ kind: 'invalid', command: 'whoami' });
  });
});

describe('parseCommand: fleet filters', () => {
  it('parses every filter, case-insensitively, with `:` or `=`, and a space after the colon', () => {
    expect(parseCommand('FLEET Region:US-EAST-1 state=unhealthy user:Alice directory: D-1234567890')).toEqual({
      kind: 'fleet',
      filters: { region: 'us-east-1', state: 'UNHEALTHY', user: 'alice', directory: 'd-1234567890' },
    });
  });

  it('takes state names in any case, with dashes or spaces for underscores', () => {
    expect(parseCommand('fleet state:admin-maintenance')).toEqual({
      kind: 'fleet',
      filters: { state: 'ADMIN_MAINTENANCE' },
    });
    expect(parseCommand('fleet state:Stopped')).toEqual({ kind: 'fleet', filters: { state: 'STOPPED' } });
  });

  it('reads a bare region or state as that filter', () => {
    expect(parseCommand('fleet unhealthy eu-west-1')).toEqual({
      kind: 'fleet',
      filters: { state: 'UNHEALTHY', region: 'eu-west-1' },
    });
    expect(parseCommand('fleet us-gov-west-1')).toEqual({ kind: 'fleet', filters: { region: 'us-gov-west-1' } });
  });

  it('keeps a mentioned user apart, for the caller to resolve', () => {
    expect(parseCommand(withPortMentions('fleet user:<@U42|bob>'))).toEqual({
      kind: 'fleet',
      filters: {},
      userMention: { kind: 'chat-user', chatUserId: 'U42', name: 'bob' },
    });
    expect(parseCommand('fleet user:@bob')).toEqual({ kind: 'fleet', filters: { user: 'bob' } });
    expect(parseCommand('fleet user:CORP\\bob')).toEqual({ kind: 'fleet', filters: { user: 'bob' } });
  });

  it.each([
    ['fleet colour:red', 'There is no “colour” filter.'],
    ['fleet regoin:us-east-1', 'Did you mean region:?'],
    ['fleet region:mars-1', 'not an AWS region name'],
    ['fleet state:avialable', 'Did you mean AVAILABLE?'],
    ['fleet state:sleeping', 'The states are PENDING, AVAILABLE'],
    ['fleet directory:corp', 'not a directory id'],
    ['fleet user:a*b', 'not a user name'],
    ['fleet region:us-east-1 region:eu-west-1', 'given twice'],
    ['fleet region:', 'needs a value'],
    ['fleet everything', 'is not a filter'],
  ])('%j is refused with a helpful message', (input, message) => {
    const parsed = parseCommand(input);
    expect(parsed).toMatchObject({ kind: 'invalid', command: 'fleet' });
    expect(parsed.kind === 'invalid' && parsed.problem).toEqual(expect.stringContaining(message));
  });
});

describe('parseCommand: unknown commands and suggestions', () => {
  it.each<[string, string[]]>([
    ['rebot', ['reboot']],
    ['rebot ws-1', ['reboot ws-1']],
    ['stat', ['status', 'start']],
    ['lsit', ['list']],
    ['whomai', ['whoami']],
    ['flet region:us-east-1', ['fleet region:us-east-1']],
    ['unlnk', ['unlink']],
    ['hepl', ['help']],
    ['ws-abc123', ['status ws-abc123']],
    ['ws-abc123 reboot', ['reboot ws-abc123']],
    ['<@U1|alice>', ['status @alice']],
    ['xyzzy', []],
  ])('%j suggests %j', (typed, suggestions) => {
    const input = withPortMentions(typed);
    expect(parseCommand(input)).toEqual({ kind: 'unknown', word: input.split(' ')[0], suggestions });
  });

  it('quotes at most a short piece of a long word', () => {
    const parsed = parseCommand('x'.repeat(5000));
    expect(parsed.kind).toBe('unknown');
    expect(parsed.kind === 'unknown' && parsed.word.length).toBeLessThanOrEqual(60);
  });
});

describe('parseCommand on junk', () => {
  const kinds = ['help', 'list', 'status', 'action', 'fleet', 'link', 'unlink', 'whoami', 'invalid', 'unknown'];

  it('never throws and always answers a known kind, whatever it is given', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            'fleet',
            'reboot',
            'state:',
            'region:',
            'user:',
            '<@',
            '>',
            '|',
            ':',
            'ws-',
            ' ',
            '\t',
            '\\',
            '@',
          ),
          { maxLength: 20 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const parsed = parseCommand(input);
        expect(kinds).toContain(parsed.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a non-string as the empty command', () => {
    expect(parseCommand(undefined)).toEqual({ kind: 'help' });
    expect(parseCommand(42)).toEqual({ kind: 'help' });
  });

  it('parses any command word in any case with any spacing the same', () => {
    const words = COMMANDS.flatMap((c) => c.words).filter((w) => w !== 'terminate');
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.stringMatching(/^[ \t\u00a0]{0,4}$/),
        fc.stringMatching(/^[ \t\u00a0]{0,4}$/),
        (word, upper, before, after) => {
          const cased = [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
          expect(parseCommand(`${before}${cased}${after}`)).toEqual(parseCommand(word));
        },
      ),
    );
  });
});

describe('suggestions', () => {
  it('counts a swap of neighbours as one typo', () => {
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('rebot', 'reboot')).toBe(1);
    expect(editDistance('', 'help')).toBe(4);
  });

  it('offers nothing for a word far from every command, and at most three', () => {
    expect(closestWords('kubernetes', ['list', 'status'])).toEqual([]);
    expect(closestWords('re', ['reboot', 'rebuild', 'restore', 'restart'])).toEqual([]);
    expect(closestWords('res', ['reboot', 'rebuild', 'restore', 'restart']).length).toBeLessThanOrEqual(3);
  });
});
