/** Pure builders for a mistyped id with close matches among the person's own WorkSpaces, and a person in no group. */
import { noGroup } from '../../../bot/views/account';
import { workspaceNotFound } from '../../../bot/views/mine';
import { bareText } from '../../../bot/views/text';
import { ACTION_RULES } from '../../../core/rules';
import { workspace } from '../../helpers/fleet';

describe('workspaceNotFound', () => {
  it('says no more than before without suggestions', () => {
    expect(workspaceNotFound('ws-hi04b59h')).toEqual({
      text: "I don't know a WorkSpace ws-hi04b59h among those you can see.",
      sections: [
        { type: 'notice', tone: 'warning', text: "I don't know a WorkSpace ws-hi04b59h among those you can see." },
      ],
      private: true,
    });
  });

  it('offers the suggested WorkSpaces to pick from, for the action asked, with its confirmation', () => {
    const view = workspaceNotFound('ws-hi04b59h', {
      suggestions: [workspace({ workspaceId: 'ws-hi04b59g' })],
      action: 'rebuild',
    });
    expect(view.text).toBe(
      "I don't know a WorkSpace ws-hi04b59h among those you can see. Did you mean this one of yours?",
    );
    const pick = view.sections[1];
    expect(pick).toMatchObject({
      type: 'chooser',
      action: 'rebuild',
      prompt: 'Did you mean this one of yours?',
      options: [{ workspaceId: 'ws-hi04b59g' }],
    });
    expect(pick?.type === 'chooser' && pick.confirm?.text).toBe(ACTION_RULES.rebuild.loses);
  });

  it('offers the status of each by default', () => {
    const view = workspaceNotFound('ws-1', { suggestions: [workspace({ workspaceId: 'ws-2' }), workspace()] });
    expect(view.sections[1]).toMatchObject({ type: 'chooser', action: 'status', prompt: 'Did you mean one of yours?' });
  });
});

describe('noGroup', () => {
  it('names who signed in, the groups, and the next step', () => {
    const view = noGroup({ userName: 'dave', domain: 'CORP' }, { user: 'WorkSpacesUsers', admin: 'WorkSpacesAdmins' });
    expect(view.text).toBe(
      'You signed in as CORP\\dave, who is in neither WorkSpacesUsers nor WorkSpacesAdmins, so the bot cannot act for you.',
    );
    const [notice] = view.sections;
    expect(notice?.type === 'notice' && bareText(notice.detail!)).toBe(
      'Ask IT to add you to WorkSpacesUsers (or WorkSpacesAdmins for admins), then sign in again with link.',
    );
  });
});
