/**
 * The playground page's frame, the same for every chat platform: who you are, the conversations (a channel, the
 * bot's direct messages, the app's home tab, the on-call channel), the message box, confirmation dialogs and modals,
 * and the live stream of what the bot sent. How a platform's content looks and which payload a click becomes is the
 * platform module's business (platforms/<id>.js), loaded for the platform the server describes.
 *
 * The server may describe several platforms (Slack, Teams); the page plays one at a time, chosen in the header
 * (`?platform=<id>`). A platform's description says where people type (`composeIn`: the channel, and for Teams the
 * personal chat too), whether it has a home tab (`home`), and its words for the frame's parts.
 *
 * A platform module exports createPlatform(config, host) (or a promise of it) returning:
 *   commandText(typed, view)           → { text } or { error }: what the person typed, as the platform's command
 *   composerPrefix(view)               → (optional) what the message box starts with in that conversation
 *   composerHint(view)                 → (optional) Node: the hint under the message box
 *   renderMessage(content, surface)    → Node: a message's body ({ text, blocks } for Slack)
 *   renderHome(view, surface)          → Node: the app's home tab
 *   renderModal(view, surface)         → { title, submitLabel, closeLabel, body: Node }
 *   modalValues(body)                  → what the platform sends back when the modal is submitted
 *   showModalErrors(body, errors)      → shows the bot's validation errors next to their inputs
 * and uses host.act(surface, action) (resolves to the server's answer), host.confirm(dialog), host.userName(id) and
 * host.note(surface, text, level) (a line shown under a message, such as the answer to a card's button).
 * A surface says where an interaction happened: { messageId }, { view: 'home' } or { viewId }.
 */

import { refreshSchedules, setUpSchedules } from './schedules.js';

const $ = (selector) => document.querySelector(selector);

const state = {
  config: undefined,
  platform: undefined,
  userId: '',
  view: 'channel',
  /** Message id → its list item. */
  messages: new Map(),
  /** User id → the last home tab the bot published for them. */
  homes: new Map(),
  /** User id → the modal open for them: { viewId, view }. */
  modals: new Map(),
  unreadDm: 0,
};

const timelines = {
  channel: $('#timeline-channel'),
  dm: $('#timeline-dm'),
  oncall: $('#timeline-oncall'),
};

async function main() {
  const response = await fetch('/playground/api/config');
  const config = await response.json();
  const wanted = new URLSearchParams(location.search).get('platform') ?? localStorage.getItem('playground-platform');
  const platformConfig = config.platforms.find((p) => p.id === wanted) ?? config.platforms[0];
  if (!platformConfig) {
    $('#connection').textContent = 'No chat platform stand-in is running (is the bot on real Slack and Teams?).';
    return;
  }
  state.config = platformConfig;
  document.body.dataset.platform = platformConfig.id;
  const module = await import(`./platforms/${platformConfig.id}.js`);
  state.platform = await module.createPlatform(platformConfig, host);
  setUpPlatforms(config.platforms, platformConfig);
  $('#platform-name').textContent = platformConfig.label;
  $('#channel-name').textContent = platformConfig.channel;
  $('#channel-title').textContent = platformConfig.channel;
  $('#timeline-channel').setAttribute('aria-label', `Messages in ${platformConfig.channel}`);
  $('#bot-name').textContent = platformConfig.botName;
  if (platformConfig.dmLabel) $('#dm-sub').textContent = platformConfig.dmLabel;
  $('#dm-title').textContent = `${platformConfig.botName} (${platformConfig.dmLabel ?? 'direct messages'})`;
  $('#timeline-dm').setAttribute('aria-label', `${platformConfig.dmLabel ?? 'Direct messages'} with the bot`);
  if (platformConfig.home === false) $('[data-view="home"]').closest('li').hidden = true;
  if (platformConfig.apiLogLabel) $('#apilog-label').textContent = platformConfig.apiLogLabel;
  if (platformConfig.oncallNote) {
    $('#oncall-title').textContent = 'On-call';
    $('#oncall-hint').textContent = platformConfig.oncallNote;
  } else if (!platformConfig.oncallChannel) {
    $('#oncall-title').textContent = 'On-call channel (not configured)';
  }

  setUpUsers(platformConfig.users);
  setUpNavigation();
  setUpComposer();
  setUpModal();
  listen();
  await setUpSchedules();
}

// --- Which platform -------------------------------------------------------------------------------------------

/** Links to the other platforms the server plays; the page reloads as that platform, keeping who you are. */
function setUpPlatforms(platforms, current) {
  localStorage.setItem('playground-platform', current.id);
  const nav = $('#platforms');
  nav.hidden = platforms.length < 2;
  for (const platform of platforms) {
    const link = document.createElement('a');
    link.textContent = platform.label;
    const url = new URL(location.href);
    url.searchParams.set('platform', platform.id);
    url.searchParams.delete('user');
    link.href = url.pathname + url.search;
    if (platform.id === current.id) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
}

// --- Who you are ----------------------------------------------------------------------------------------------

function setUpUsers(users) {
  const select = $('#user');
  for (const user of users) {
    const option = document.createElement('option');
    option.value = user.id;
    option.textContent = `${user.name} (${user.realName})`;
    select.append(option);
  }
  const wanted = new URLSearchParams(location.search).get('user') ?? localStorage.getItem('playground-user');
  const chosen = users.find((u) => u.id === wanted || u.name === wanted) ?? users[0];
  select.value = chosen.id;
  state.userId = chosen.id;
  select.addEventListener('change', () => {
    state.userId = select.value;
    localStorage.setItem('playground-user', select.value);
    state.unreadDm = 0;
    applyVisibility();
    showModalFor(state.userId);
    if (state.view === 'home') openHome();
  });
}

function applyVisibility() {
  for (const list of Object.values(timelines)) {
    for (const item of list.children) {
      item.hidden = Boolean(item.dataset.user) && item.dataset.user !== state.userId;
    }
  }
  updateBadge();
}

// --- Conversations --------------------------------------------------------------------------------------------

function setUpNavigation() {
  for (const button of document.querySelectorAll('.nav')) {
    button.addEventListener('click', () => show(button.dataset.view));
  }
}

function show(view) {
  state.view = view;
  for (const button of document.querySelectorAll('.nav')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  for (const name of ['channel', 'dm', 'home']) $(`#view-${name}`).hidden = name !== view;
  if (view === 'dm') {
    state.unreadDm = 0;
    updateBadge();
  }
  if (view === 'home') openHome();
  placeComposer(view);
}

/** The message box sits in the conversation shown, where the platform lets people type there. */
function placeComposer(view) {
  const composeIn = state.config.composeIn ?? ['channel'];
  if (!composeIn.includes(view)) return;
  const composer = $('#composer');
  $(`#view-${view}`).append(composer);
  const name = view === 'dm' ? state.config.botName : state.config.channel;
  $('#command-label').textContent = `Message ${name}`;
  const hint = state.platform.composerHint?.(view);
  if (hint) $('#command-hint').replaceChildren(hint);
  const input = $('#command');
  input.value = composerPrefix(view);
  input.focus();
}

function composerPrefix(view) {
  return state.platform.composerPrefix?.(view) ?? `${state.config.command} `;
}

function updateBadge() {
  const badge = $('#dm-badge');
  badge.hidden = state.unreadDm === 0;
  badge.textContent = state.unreadDm ? `${state.unreadDm} new` : '';
}

async function openHome() {
  const home = $('#home');
  const view = state.homes.get(state.userId);
  if (view) renderHome(view);
  else home.replaceChildren(paragraph('Opening the home tab…', 'hint'));
  await post('home', {});
}

function renderHome(view) {
  $('#home').replaceChildren(state.platform.renderHome(view, { view: 'home' }));
}

// --- The message box ------------------------------------------------------------------------------------------

function setUpComposer() {
  const input = $('#command');
  placeComposer('channel');
  $('#composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const where = state.view;
    const parsed = state.platform.commandText(input.value, where);
    if (parsed.error) {
      localNotice(parsed.error, 'warning', where);
      return;
    }
    input.value = composerPrefix(where);
    input.focus();
    await post('command', { text: parsed.text, where });
  });
}

// --- What the bot sent ----------------------------------------------------------------------------------------

function listen() {
  const status = $('#connection');
  const source = new EventSource('/playground/api/events');
  source.addEventListener('open', () => {
    status.textContent = 'Connected to the local stack.';
    document.body.dataset.connected = 'true';
  });
  source.addEventListener('error', () => {
    status.textContent = 'Reconnecting to the local stack…';
    document.body.dataset.connected = 'false';
  });
  source.addEventListener('message', (message) => {
    const event = JSON.parse(message.data);
    // What the bot sends may follow a schedule made, cancelled or fired.
    refreshSchedules();
    if (event.platform !== state.config.id) return;
    handle(event);
  });
}

function handle(event) {
  switch (event.kind) {
    case 'message':
      return showMessage(event);
    case 'delete':
      state.messages.get(event.id)?.remove();
      state.messages.delete(event.id);
      return;
    case 'typed':
      return append(placeOf(event), event.id, event.userId, typedItem(event.text));
    case 'notice':
      return append(placeOf(event), event.id, event.userId, noticeItem(event.text, event.level));
    case 'modal':
      state.modals.set(event.userId, { viewId: event.viewId, view: event.view });
      if (event.userId === state.userId) showModalFor(event.userId);
      return;
    case 'home':
      state.homes.set(event.userId, event.view);
      if (event.userId === state.userId && state.view === 'home') renderHome(event.view);
      return;
    case 'api':
      return logApi(event);
  }
}

function showMessage(event) {
  const body = state.platform.renderMessage(event.content, { messageId: event.id });
  const existing = state.messages.get(event.id);
  if (existing) {
    existing.querySelector('.msg-body').replaceChildren(body);
    existing.classList.remove('updated');
    void existing.offsetWidth;
    existing.classList.add('updated');
    existing.dataset.updates = String(Number(existing.dataset.updates ?? 0) + 1);
    if (!existing.hidden && existing === existing.parentElement?.lastElementChild) {
      existing.scrollIntoView({ block: 'nearest' });
    }
    return;
  }
  const item = document.createElement('li');
  item.className = 'msg';
  const head = document.createElement('div');
  head.className = 'msg-head';
  const name = document.createElement('strong');
  name.textContent = state.config.botName;
  const app = document.createElement('span');
  app.className = 'app';
  app.textContent = 'APP';
  const time = document.createElement('time');
  const at = new Date(Number.parseFloat(event.ts ?? '0') * 1000 || Date.now());
  time.dateTime = at.toISOString();
  time.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  head.append(name, app, time);
  if (event.ephemeral) head.append(span('Only visible to you', 'msg-note'));
  const content = document.createElement('div');
  content.className = 'msg-body';
  content.append(body);
  item.append(head, content);
  const place = placeOf(event);
  append(place, event.id, event.userId, item);
  state.messages.set(event.id, item);
  if (place === 'dm' && event.userId === state.userId && state.view !== 'dm') {
    state.unreadDm += 1;
    updateBadge();
  }
}

function placeOf(event) {
  return event.place === 'oncall' ? 'oncall' : event.place === 'dm' ? 'dm' : 'channel';
}

function append(place, id, userId, item) {
  item.dataset.id = id ?? '';
  item.dataset.user = userId ?? '';
  item.hidden = Boolean(userId) && userId !== state.userId;
  const list = timelines[place];
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.append(item);
  if (atBottom || !item.hidden) item.scrollIntoView({ block: 'nearest' });
}

function typedItem(text) {
  const item = document.createElement('li');
  item.className = 'msg msg-typed';
  const code = document.createElement('code');
  code.textContent = text;
  item.append('You typed ', code);
  return item;
}

function noticeItem(text, level) {
  const item = document.createElement('li');
  item.className = `notice ${level === 'warning' ? 'warning' : ''}`;
  item.setAttribute('role', 'alert');
  item.textContent = text;
  return item;
}

function localNotice(text, level, place = 'channel') {
  append(place, `local-${Date.now()}`, state.userId, noticeItem(text, level));
}

/** A line under a message, kept when the message is updated: what the app answered a click with, say. */
function noteUnder(surface, text, level) {
  const item = state.messages.get(surface.messageId);
  if (!item) return;
  let note = item.querySelector(':scope > .msg-reply');
  if (!note) {
    note = document.createElement('p');
    note.className = 'msg-reply';
    note.setAttribute('role', 'status');
    item.append(note);
  }
  note.classList.toggle('failed', level === 'error');
  note.textContent = text;
}

function logApi(event) {
  const item = document.createElement('li');
  const what = event.ok ? 'ok' : `failed: ${event.error ?? 'error'}`;
  item.textContent = `${event.method} — ${what}${event.warnings ? ` (${event.warnings.join('; ')})` : ''}`;
  if (!event.ok) item.className = 'failed';
  const log = $('#apilog');
  log.append(item);
  while (log.children.length > 200) log.firstElementChild.remove();
}

// --- Talking to the server side --------------------------------------------------------------------------------

async function post(operation, body) {
  try {
    const response = await fetch(`/playground/api/${state.config.id}/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The person's time zone, as their Teams client reports it in every activity.
      body: JSON.stringify({
        userId: state.userId,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        ...body,
      }),
    });
    const answer = await response.json();
    if (!response.ok) localNotice(`The playground could not send that: ${answer.error ?? response.status}.`, 'error');
    return answer;
  } catch (error) {
    localNotice(`The playground server did not answer (${error.message}). Is npm start still running?`, 'error');
    return { ok: false };
  }
}

const host = {
  /** A click or a choice in a message, the home tab or a modal, as the platform's action payload. */
  act: (surface, action) => post('action', { ...surface, action }),
  /** Shows a confirmation dialog; resolves true when the person confirms. */
  confirm: (dialog) => confirmDialog(dialog),
  userName: (id) => state.config.users.find((u) => u.id === id)?.name,
  note: (surface, text, level) => noteUnder(surface, text, level),
};

function confirmDialog({ title, text, confirmLabel, denyLabel, danger }) {
  const dialog = $('#confirm');
  $('#confirm-title').textContent = title;
  $('#confirm-text').textContent = text;
  const ok = $('#confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = `btn ${danger ? 'btn-danger' : 'btn-primary'}`;
  $('#confirm-deny').textContent = denyLabel;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
    $('#confirm-deny').focus();
  });
}

// --- Modals ---------------------------------------------------------------------------------------------------

function setUpModal() {
  const dialog = $('#modal');
  $('#modal-close').addEventListener('click', () => {
    state.modals.delete(state.userId);
    dialog.close();
  });
  dialog.addEventListener('cancel', () => state.modals.delete(state.userId));
  $('#modal-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const open = state.modals.get(state.userId);
    if (!open) return dialog.close();
    const body = $('#modal-body');
    const submit = $('#modal-submit');
    const problem = $('#modal-problem');
    problem.hidden = true;
    submit.disabled = true;
    const answer = await post('submit', { viewId: open.viewId, values: state.platform.modalValues(body) });
    submit.disabled = false;
    if (answer.errors) {
      state.platform.showModalErrors(body, answer.errors);
    } else if (answer.update || answer.push) {
      const view = answer.update ?? answer.push;
      state.modals.set(state.userId, { viewId: view.id, view });
      showModalFor(state.userId);
    } else if (answer.close) {
      state.modals.delete(state.userId);
      dialog.close();
    } else {
      problem.textContent = `The app could not take this (HTTP ${answer.botStatus ?? '?'}). Try again or cancel.`;
      problem.hidden = false;
    }
  });
}

function showModalFor(userId) {
  const dialog = $('#modal');
  const open = state.modals.get(userId);
  if (!open) {
    if (dialog.open) dialog.close();
    return;
  }
  const rendered = state.platform.renderModal(open.view, { viewId: open.viewId });
  $('#modal-title').textContent = rendered.title;
  $('#modal-body').replaceChildren(rendered.body);
  $('#modal-problem').hidden = true;
  $('#modal-submit').textContent = rendered.submitLabel ?? 'Submit';
  $('#modal-submit').hidden = !rendered.submitLabel;
  $('#modal-close').textContent = rendered.closeLabel ?? 'Cancel';
  dialog.dataset.viewId = open.viewId;
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('input, textarea, select, button')?.focus();
}

function paragraph(text, className) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

function span(text, className) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

main().catch((error) => {
  $('#connection').textContent = `The playground failed to start: ${error.message}`;
});
