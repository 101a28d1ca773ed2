/** Words for choosing where on-call reports go: `oncall`, `oncall here`, `oncall off`. */
import type { MessageView, Text } from './model';
import { at, cmd, words } from './text';

export interface RegisteredChannelView {
  /** Who registered it (a directory user name) and when. */
  by: string;
  at: string;
  /** Whether it is the conversation the person asked in. */
  isHere: boolean;
}

function say(tone: 'info' | 'success' | 'warning', text: Text, plain: string): MessageView {
  return { text: plain, sections: [{ type: 'notice', tone, text }], private: true };
}

export function oncallForAdmins(): MessageView {
  const text = 'Only WorkSpaces admins choose where on-call reports go.';
  return say('warning', text, text);
}

/** `oncall here` typed where no channel is: a direct message with the bot. */
export function oncallNeedsChannel(): MessageView {
  return say(
    'warning',
    words('Nothing changed: type ', cmd('oncall here'), ' in the channel that should get the on-call reports.'),
    'Nothing changed: type “oncall here” in the channel that should get the on-call reports.',
  );
}

export function oncallRegistered(): MessageView {
  return say(
    'success',
    words('On-call reports come to this channel from the next report on. ', cmd('oncall off'), ' stops them.'),
    'On-call reports come to this channel from the next report on.',
  );
}

export function oncallStopped(existed: boolean): MessageView {
  const text = existed
    ? 'On-call reports no longer come to the channel registered on this chat platform.'
    : 'No channel was registered for on-call reports on this chat platform; nothing changed.';
  return say(existed ? 'success' : 'info', text, text);
}

/** Where reports go: the registered channel, if any. Channels set in the bot's configuration get them too. */
export function oncallShown(registered: RegisteredChannelView | undefined): MessageView {
  if (!registered) {
    return say(
      'info',
      words(
        'No channel on this chat platform is registered for on-call reports (channels set in the bot’s configuration still get them). Type ',
        cmd('oncall here'),
        ' in a channel to register it.',
      ),
      'No channel on this chat platform is registered for on-call reports.',
    );
  }
  const where = registered.isHere ? 'this channel' : 'a channel';
  return say(
    'info',
    words(`On-call reports go to ${where}, registered by ${registered.by} on `, at(registered.at), '.'),
    `On-call reports go to ${where}, registered by ${registered.by}.`,
  );
}
