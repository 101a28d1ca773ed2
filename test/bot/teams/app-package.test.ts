/**
 * The Teams app manifest and icons: the command menu within Teams' limits and in agreement with the parser, the
 * description with the default roles, the app id stable per bot, and the committed icons decoded and checked for the
 * size, colour type and transparency Teams requires (and for being what draw-icons.ts draws).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { parse } from 'yaml';
import { COMMANDS, type CommandInfo } from '../../../bot/commands/catalog';
import { parseCommand } from '../../../bot/commands/parse';
import { ACCENT_COLOR, colorIcon, ICON_SIZE, outlineIcon } from '../../../bot/teams/app-package/icons';
import { appIdForBot, isGuid, uuidV5 } from '../../../bot/teams/app-package/ids';
import {
  APP_NAME,
  AppPackageError,
  appDescription,
  buildManifest,
  COMMAND_MENU_LIMITS,
  commandMenu,
  NOT_IN_MENU,
  userActionWords,
} from '../../../bot/teams/app-package/manifest';
import { ICON_FILES, iconProblem } from '../../../bot/teams/app-package/package';
import { COLOUR_TYPE, decodePng, encodePng, type Image, PngError } from '../../../bot/teams/app-package/png';
import { DEFAULT_ROLE_ACTIONS } from '../../../core/policy';
import { ACTIONS } from '../../../core/rules';

const ROOT = join(__dirname, '..', '..', '..');
const slackManifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as {
  display_information: { name: string; background_color: string };
};
const BOT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const input = { botId: BOT_ID, botUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', version: '1.2.3' };

describe("Teams' command menu", () => {
  const menu = commandMenu();

  it("stays within Teams' limits: 10 commands, titles of 32 and descriptions of 128 characters", () => {
    expect(menu.length).toBeLessThanOrEqual(COMMAND_MENU_LIMITS.commands);
    expect(COMMAND_MENU_LIMITS).toEqual({ commands: 10, title: 32, description: 128 });
    for (const { title, description } of menu) {
      expect([title, title.length <= 32, description.length <= 128]).toEqual([title, true, true]);
    }
  });

  it('offers every command of the catalogue but those NOT_IN_MENU, each left out with its reason', () => {
    const offered = menu.map((entry) => entry.title);
    for (const command of COMMANDS) {
      const left = NOT_IN_MENU[command.name];
      expect([command.name, offered.includes(command.words[0]!)]).toEqual([command.name, left === undefined]);
    }
    for (const [name, reason] of Object.entries(NOT_IN_MENU)) {
      expect(COMMANDS.map((c) => c.name)).toContain(name);
      expect(reason!.length).toBeGreaterThan(10);
    }
    expect(offered).toEqual([
      'list',
      'status',
      'restart',
      'start',
      'stop',
      'rebuild',
      'fleet',
      'schedules',
      'link',
      'help',
    ]);
  });

  it('gives each command a title the parser reads as that command, and its usage in the description', () => {
    for (const { title, description } of menu) {
      const command = COMMANDS.find((c) => c.words[0] === title)!;
      const parsed = parseCommand(title);
      const kind = parsed.kind === 'action' ? parsed.action : parsed.kind;
      expect([title, kind]).toEqual([title, command.name]);
      expect(description).toContain(command.name === 'help' ? 'commands you may use' : command.description);
    }
    expect(menu.find((e) => e.title === 'restart')!.description).toBe('restart [id] [when] — Restart a WorkSpace');
    // fleet is for admins: its filters are shown.
    expect(menu.find((e) => e.title === 'fleet')!.description).toMatch(/^fleet \[region:\.\.\] \[state:\.\.\]/);
  });

  it('refuses a catalogue that no longer fits, naming NOT_IN_MENU', () => {
    const extra: CommandInfo = { ...COMMANDS[0]!, name: 'list', words: ['inventory'] };
    expect(() => commandMenu([...COMMANDS, extra])).toThrow(/11 commands for Teams' menu, which takes 10/);
    const long: CommandInfo = { ...COMMANDS[0]!, description: 'x'.repeat(129) };
    expect(() => commandMenu([long])).toThrow(AppPackageError);
  });
});

describe('the manifest', () => {
  const manifest = buildManifest(input);

  it("is named as the Slack app is, in its accent colour (the Slack app's background)", () => {
    expect(manifest.name.short).toBe(APP_NAME);
    expect(APP_NAME).toBe(slackManifest.display_information.name);
    expect(manifest.accentColor).toBe(ACCENT_COLOR);
    expect(ACCENT_COLOR).toBe(slackManifest.display_information.background_color);
  });

  it('says what users may do by default, and promises them no admin action', () => {
    expect(userActionWords().map((word) => (word === 'restart' ? 'reboot' : word))).toEqual(
      ACTIONS.filter((action) => DEFAULT_ROLE_ACTIONS.user.has(action)),
    );
    const { short, full } = appDescription();
    expect(short).toBe('See, restart, start, stop and rebuild your Amazon WorkSpaces from Teams');
    expect(full).toContain('with buttons to restart, start, stop or rebuild one.');
    for (const action of ACTIONS.filter((a) => !DEFAULT_ROLE_ACTIONS.user.has(a))) {
      expect([action, short.includes(action), full.includes(action)]).toEqual([action, false, false]);
    }
    // Teams has no message only one person sees: the description must not promise one.
    expect(full).not.toMatch(/only to you|visible only/);
  });

  it('is a bot for personal chats, teams and group chats, without files, and asks for no Entra ID token', () => {
    expect(manifest.bots).toEqual([
      expect.objectContaining({
        botId: BOT_ID,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: false,
        commandLists: [{ scopes: ['personal', 'team', 'groupChat'], commands: commandMenu() }],
      }),
    ]);
    expect(manifest).not.toHaveProperty('webApplicationInfo');
    expect(manifest.validDomains).toEqual(['a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com']);
  });

  it('names a developer without naming a person, linking to the bot unless told otherwise', () => {
    expect(manifest.developer).toEqual({
      name: 'Your IT department',
      websiteUrl: `${input.botUrl}/`,
      privacyUrl: `${input.botUrl}/`,
      termsOfUseUrl: `${input.botUrl}/`,
    });
    const own = buildManifest({
      ...input,
      developer: { name: 'Contoso IT', websiteUrl: 'https://it.contoso.test/workspaces' },
    });
    expect(own.developer).toEqual({
      name: 'Contoso IT',
      websiteUrl: 'https://it.contoso.test/workspaces',
      privacyUrl: 'https://it.contoso.test/workspaces',
      termsOfUseUrl: 'https://it.contoso.test/workspaces',
    });
  });

  it('keeps a path (an API Gateway stage) in the URL and takes the host alone as the valid domain', () => {
    const staged = buildManifest({ ...input, botUrl: 'https://bot.contoso.test/prod/' });
    expect(staged.validDomains).toEqual(['bot.contoso.test']);
    expect(staged.developer.websiteUrl).toBe('https://bot.contoso.test/prod');
  });

  it.each([
    [{ botId: 'not-a-guid' }, /bot id "not-a-guid" is not a GUID/],
    [{ botId: `${BOT_ID}0` }, /is not a GUID/],
    [{ appId: '1234' }, /app id "1234" is not a GUID/],
    [{ botUrl: 'http://bot.contoso.test' }, /Teams only talks to a bot over https/],
    [{ botUrl: 'bot.contoso.test' }, /is not a URL/],
    [{ botUrl: 'https://bot.contoso.test/?a=1' }, /no credentials, query or fragment/],
    [{ botUrl: 'https://bot.contoso.test/teams/messages' }, /give the bot's base URL/],
    [{ version: '1.2' }, /version "1.2" is not major.minor.patch/],
    [{ developer: { name: 'x'.repeat(33) } }, /developer name .* 1 to 32 characters/],
    [{ developer: { privacyUrl: 'http://it.contoso.test/privacy' } }, /privacy URL .* must be an https URL/],
  ])('refuses %j', (change, message) => {
    expect(() => buildManifest({ ...input, ...change })).toThrow(AppPackageError);
    expect(() => buildManifest({ ...input, ...change })).toThrow(message);
  });
});

describe("the Teams app's id", () => {
  it('is derived from the bot id: a version 5 UUID, the same for the same bot whatever the case', () => {
    const id = appIdForBot(BOT_ID);
    expect(isGuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
    expect(appIdForBot(BOT_ID.toUpperCase())).toBe(id);
    expect(appIdForBot('7c9e6679-7425-40de-944b-e07fc1f90ae7')).not.toBe(id);
    expect(id).not.toBe(BOT_ID);
    expect(buildManifest(input).id).toBe(id);
    // RFC 9562's own example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(buildManifest({ ...input, botUrl: 'https://other.contoso.test', version: '2.0.0' }).id).toBe(id);
  });

  it('is the one given instead, when an admin gives one', () => {
    const appId = 'A1B2C3D4-0000-4000-8000-000000000001';
    expect(buildManifest({ ...input, appId }).id).toBe(appId.toLowerCase());
  });
});

describe('the icons', () => {
  const color = decodePng(readFileSync(ICON_FILES.color));
  const outline = decodePng(readFileSync(ICON_FILES.outline));
  const pixel = (image: Image, x: number, y: number) => [...image.rgba.subarray((y * image.width + x) * 4).slice(0, 4)];

  it('colour: 192×192, RGB (no alpha channel, so opaque), on the accent colour', () => {
    expect([color.width, color.height, color.colourType]).toEqual([192, 192, COLOUR_TYPE.rgb]);
    expect(ICON_SIZE.color).toBe(192);
    const accent = [1, 3, 5].map((i) => Number.parseInt(ACCENT_COLOR.slice(i, i + 2), 16));
    expect(pixel(color, 0, 0)).toEqual([...accent, 255]);
    expect(pixel(color, 191, 191)).toEqual([...accent, 255]);
    // The glyph is there: the middle of the screen is not the background.
    expect(pixel(color, 96, 80)).not.toEqual([...accent, 255]);
    expect(iconProblem('color', readFileSync(ICON_FILES.color))).toBeUndefined();
  });

  it('outline: 32×32, RGBA, white wherever it is not fully transparent, with a transparent background', () => {
    expect([outline.width, outline.height, outline.colourType]).toEqual([32, 32, COLOUR_TYPE.rgba]);
    let visible = 0;
    let transparent = 0;
    for (let p = 0; p < outline.rgba.length; p += 4) {
      const [r, g, b, a] = outline.rgba.subarray(p, p + 4);
      if (a === 0) transparent++;
      else {
        visible++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(visible).toBeGreaterThan(100);
    expect(transparent).toBeGreaterThan(300);
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
      [16, 12],
    ] as const) {
      expect(pixel(outline, x, y)[3]).toBe(0);
    }
    expect(iconProblem('outline', readFileSync(ICON_FILES.outline))).toBeUndefined();
  });

  it('are the files draw-icons.ts writes (run it after changing icons.ts)', () => {
    expect(encodePng(colorIcon()).equals(readFileSync(ICON_FILES.color))).toBe(true);
    expect(encodePng(outlineIcon()).equals(readFileSync(ICON_FILES.outline))).toBe(true);
  });

  it('are refused at the wrong size, without transparency, in another colour, or empty', () => {
    const image = (size: number, colourType: Image['colourType'], rgba: [number, number, number, number]) =>
      encodePng({
        width: size,
        height: size,
        colourType,
        rgba: new Uint8Array(size * size * 4).map((_, i) => rgba[i % 4]!),
      });
    expect(iconProblem('color', image(96, COLOUR_TYPE.rgb, [1, 2, 3, 255]))).toMatch(/96×96; Teams wants 192×192/);
    expect(iconProblem('outline', image(32, COLOUR_TYPE.rgb, [255, 255, 255, 255]))).toMatch(/no transparency/);
    const grey = outlineIcon();
    grey.rgba.set([128, 128, 128, 255], (20 * 32 + 3) * 4);
    expect(iconProblem('outline', encodePng(grey))).toMatch(/white on transparent/);
    expect(iconProblem('outline', image(32, COLOUR_TYPE.rgba, [255, 255, 255, 0]))).toMatch(/both a white glyph/);
    expect(iconProblem('color', Buffer.from('GIF89a'))).toMatch(/not a PNG/);
  });
});

describe('PNG', () => {
  /** A PNG of `image` whose rows use the given filter types, made the way an encoder other than ours would. */
  function filteredPng(image: Image, filters: number[]): Buffer {
    const plain = encodePng(image);
    const channels = image.colourType === COLOUR_TYPE.rgba ? 4 : 3;
    const stride = image.width * channels;
    const pixels = Buffer.alloc(image.height * stride);
    for (let p = 0; p < image.width * image.height; p++) {
      for (let c = 0; c < channels; c++) pixels[p * channels + c] = image.rgba[p * 4 + c]!;
    }
    const at = (y: number, i: number) => (y < 0 || i < 0 ? 0 : pixels[y * stride + i]!);
    const raw = Buffer.alloc(image.height * (stride + 1));
    for (let y = 0; y < image.height; y++) {
      const filter = filters[y % filters.length]!;
      raw[y * (stride + 1)] = filter;
      for (let i = 0; i < stride; i++) {
        const a = at(y, i - channels);
        const b = at(y - 1, i);
        const c = at(y - 1, i - channels);
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
        raw[y * (stride + 1) + 1 + i] = (at(y, i) - predictor) & 0xff;
      }
    }
    // Swap our IDAT for one with these filters; the chunk layout is IHDR (8 + 25 bytes), IDAT, IEND (12 bytes).
    const idat = deflateSync(raw);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(idat.length, 0);
    head.write('IDAT', 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), idat])) >>> 0, 0);
    return Buffer.concat([plain.subarray(0, 33), head, idat, crc, plain.subarray(plain.length - 12)]);
  }

  it('reads back what it writes, RGB and RGBA, and rows with any of the five filters', () => {
    const same = (a: Image, b: Image) =>
      a.width === b.width &&
      a.height === b.height &&
      a.colourType === b.colourType &&
      Buffer.from(a.rgba).equals(b.rgba);
    for (const image of [colorIcon(), outlineIcon()]) {
      expect(same(decodePng(encodePng(image)), image)).toBe(true);
      expect(same(decodePng(filteredPng(image, [0, 1, 2, 3, 4])), image)).toBe(true);
      expect(same(decodePng(filteredPng(image, [4, 3])), image)).toBe(true);
    }
  });

  it('refuses what is not a PNG it reads', () => {
    const file = encodePng(outlineIcon());
    expect(() => decodePng(file.subarray(0, 40))).toThrow(PngError);
    const corrupt = Buffer.from(file);
    corrupt[40] = (corrupt[40]! + 1) & 0xff;
    expect(() => decodePng(corrupt)).toThrow(/CRC is wrong/);
    const sixteenBit = Buffer.from(file);
    sixteenBit[24] = 16;
    sixteenBit.writeUInt32BE(crc32(sixteenBit.subarray(12, 29)) >>> 0, 29);
    expect(() => decodePng(sixteenBit)).toThrow(/only 8-bit RGB or RGBA/);
    expect(() => encodePng({ ...outlineIcon(), colourType: COLOUR_TYPE.rgb })).toThrow(/not opaque/);
  });
});
