/** Slack refuses `text: ""`: the text builders refuse blank text, and the renderers never hand them any. */
import { fitSections, mrkdwnContext, mrkdwnSection } from '../../../../bot/slack/blocks/limits';
import { mrkdwn, plain } from '../../../../bot/slack/render/elements';
import { renderMessage } from '../../../../bot/slack/render/message';
import { chooser } from '../../../../bot/views/mine';
import { workspace } from '../../../helpers/fleet';
import { messageProblems } from '../render/block-checks';

describe('text builders', () => {
  it.each(['', '   ', '\n'])('refuse %j', (blank) => {
    expect(() => mrkdwnSection(blank)).toThrow(RangeError);
    expect(() => mrkdwnContext('ok', blank)).toThrow(RangeError);
    expect(() => mrkdwn(blank)).toThrow(RangeError);
    expect(() => plain(blank, 75)).toThrow(RangeError);
  });

  it('refuse a context block with no elements', () => {
    expect(() => mrkdwnContext()).toThrow(RangeError);
  });

  it('take any text with something in it', () => {
    expect(mrkdwnSection('x').text?.text).toBe('x');
    expect(plain(' x ', 75).text).toBe('x');
  });
});

describe('renderers', () => {
  it('never send a section of blank lines alone', () => {
    const lines = ['x'.repeat(2990), '', ' ', 'y'.repeat(2990)];
    const { blocks } = fitSections(lines, { budget: 10, more: () => 'more' });
    expect(messageProblems(blocks)).toEqual([]);
  });

  it('ask with the placeholder when a chooser has an empty prompt, and name an unlabelled option by its id', () => {
    const view = chooser({ action: 'reboot', records: [workspace({ workspaceId: 'ws-1' })] });
    const section = view.sections[0]!;
    if (section.type !== 'chooser') throw new Error('not a chooser');
    const blank = { ...view, sections: [{ ...section, prompt: '', options: [{ workspaceId: 'ws-1', label: ' ' }] }] };
    const { blocks } = renderMessage(blank);
    expect(messageProblems(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('Choose a WorkSpace');
    expect(JSON.stringify(blocks)).toContain('"text":"ws-1"');
  });
});
