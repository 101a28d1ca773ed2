/**
 * Slack for the playground: Block Kit and mrkdwn rendered as Slack shows them, and each interactive element's click
 * turned into the action Slack reports (type, action_id, block_id, value or selected_option), after its confirm
 * dialog when it has one. The frame (app.js) sends the action; the server side builds and signs the payload.
 * Everything from the bot is put in the page as text nodes, never as HTML.
 */

const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  warning: '⚠️',
  x: '❌',
  no_entry: '⛔',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  rotating_light: '🚨',
  information_source: 'ℹ️',
  wave: '👋',
  lock: '🔒',
  key: '🔑',
  computer: '💻',
  desktop_computer: '🖥️',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  arrows_counterclockwise: '🔄',
  stop_button: '⏹️',
  arrow_forward: '▶️',
  wastebasket: '🗑️',
  tada: '🎉',
  eyes: '👀',
};

let uniqueId = 0;
const nextId = (prefix) => `${prefix}-${++uniqueId}`;

export function createPlatform(config, host) {
  const context = { config, host };
  return {
    commandText(typed) {
      const trimmed = typed.trim();
      const command = config.command;
      if (trimmed !== command && !trimmed.startsWith(`${command} `)) {
        return {
          error: `Only ${command} goes to the bot here: type ${command} followed by what you want, such as ${command} list.`,
        };
      }
      return { text: trimmed.slice(command.length).trim() };
    },
    renderMessage(content, surface) {
      const blocks = Array.isArray(content.blocks) ? content.blocks : undefined;
      if (blocks && blocks.length > 0) return renderBlocks(blocks, surface, context);
      // Without blocks, Slack shows the text as mrkdwn.
      const text = document.createElement('div');
      text.className = 'sk-text';
      text.append(mrkdwn(String(content.text ?? ''), config));
      return text;
    },
    renderHome(view, surface) {
      return renderBlocks(Array.isArray(view.blocks) ? view.blocks : [], surface, context);
    },
    renderModal(view, surface) {
      return {
        title: plainText(view.title) || 'App',
        submitLabel: view.submit ? plainText(view.submit) : undefined,
        closeLabel: view.close ? plainText(view.close) : 'Cancel',
        body: renderBlocks(Array.isArray(view.blocks) ? view.blocks : [], surface, context),
      };
    },
    modalValues,
    showModalErrors,
  };
}

// --- Blocks ---------------------------------------------------------------------------------------------------

function renderBlocks(blocks, surface, context) {
  const fragment = document.createDocumentFragment();
  blocks.forEach((block, index) => {
    // Slack gives a block without a block_id one of its own, stable for that message.
    const blockId = typeof block.block_id === 'string' && block.block_id ? block.block_id : `b${index}`;
    const element = renderBlock(block, blockId, surface, context);
    element.classList.add('sk-block');
    element.dataset.blockId = blockId;
    element.dataset.blockType = String(block.type);
    fragment.append(element);
  });
  return fragment;
}

function renderBlock(block, blockId, surface, context) {
  switch (block.type) {
    case 'header': {
      const header = document.createElement('h3');
      header.className = 'sk-header';
      header.textContent = plainText(block.text);
      return header;
    }
    case 'section': {
      const section = document.createElement('div');
      section.className = 'sk-section';
      const main = document.createElement('div');
      main.className = 'sk-section-main';
      if (block.text) main.append(textObject(block.text, 'sk-text', context.config));
      if (Array.isArray(block.fields) && block.fields.length > 0) {
        const fields = document.createElement('div');
        fields.className = 'sk-fields';
        for (const field of block.fields) fields.append(textObject(field, 'sk-field sk-text', context.config));
        main.append(fields);
      }
      section.append(main);
      if (block.accessory) {
        const accessory = document.createElement('div');
        accessory.className = 'sk-accessory';
        accessory.append(renderElement(block.accessory, blockId, surface, context));
        section.append(accessory);
      }
      return section;
    }
    case 'actions': {
      const actions = document.createElement('div');
      actions.className = 'sk-actions';
      actions.setAttribute('role', 'group');
      actions.setAttribute('aria-label', 'Actions');
      for (const element of block.elements ?? []) actions.append(renderElement(element, blockId, surface, context));
      return actions;
    }
    case 'context': {
      const row = document.createElement('div');
      row.className = 'sk-context';
      for (const element of block.elements ?? []) {
        if (element.type === 'image') row.append(image(element));
        else row.append(textObject(element, 'sk-text', context.config));
      }
      return row;
    }
    case 'divider': {
      const rule = document.createElement('hr');
      rule.className = 'sk-divider';
      return rule;
    }
    case 'image': {
      const figure = document.createElement('figure');
      figure.append(image(block));
      if (block.title) {
        const caption = document.createElement('figcaption');
        caption.textContent = plainText(block.title);
        figure.append(caption);
      }
      return figure;
    }
    case 'input':
      return inputBlock(block, blockId);
    default:
      return unsupported(`This ${block.type} block is not shown in the playground.`);
  }
}

function inputBlock(block, blockId) {
  const wrapper = document.createElement('div');
  wrapper.className = 'sk-input';
  const element = block.element ?? {};
  const controlId = nextId('input');
  const label = document.createElement('label');
  label.htmlFor = controlId;
  label.textContent = plainText(block.label) + (block.optional ? ' (optional)' : '');
  wrapper.append(label);
  const described = [];
  let control;
  if (element.type === 'plain_text_input') {
    control = document.createElement(element.multiline ? 'textarea' : 'input');
    if (!element.multiline) control.type = 'text';
    if (element.initial_value) control.value = element.initial_value;
    if (element.placeholder) control.placeholder = plainText(element.placeholder);
    if (element.max_length) control.maxLength = element.max_length;
    if (element.min_length) control.minLength = element.min_length;
    control.required = !block.optional;
    control.dataset.valueType = 'plain_text_input';
  } else if (element.type === 'static_select') {
    control = selectControl(element);
    control.dataset.valueType = 'static_select';
  } else {
    wrapper.append(unsupported(`A ${element.type} input is not shown in the playground.`));
    return wrapper;
  }
  control.id = controlId;
  control.dataset.blockId = blockId;
  control.dataset.actionId = element.action_id ?? nextId('action');
  wrapper.append(control);
  if (block.hint) {
    const hint = document.createElement('span');
    hint.className = 'sk-hint';
    hint.id = nextId('hint');
    hint.textContent = plainText(block.hint);
    described.push(hint.id);
    wrapper.append(hint);
  }
  const error = document.createElement('p');
  error.className = 'sk-error';
  error.id = nextId('error');
  error.hidden = true;
  error.dataset.errorFor = blockId;
  wrapper.append(error);
  described.push(error.id);
  control.setAttribute('aria-describedby', described.join(' '));
  return wrapper;
}

function modalValues(body) {
  const values = {};
  for (const control of body.querySelectorAll('[data-value-type]')) {
    const blockId = control.dataset.blockId;
    const actionId = control.dataset.actionId;
    values[blockId] ??= {};
    if (control.dataset.valueType === 'plain_text_input') {
      values[blockId][actionId] = { type: 'plain_text_input', value: control.value === '' ? null : control.value };
    } else {
      const chosen = control.selectedOptions[0];
      values[blockId][actionId] = {
        type: 'static_select',
        selected_option: chosen?.value ? { text: plain(chosen.textContent), value: chosen.value } : null,
      };
    }
  }
  return values;
}

function showModalErrors(body, errors) {
  let first;
  for (const error of body.querySelectorAll('.sk-error')) {
    const message = errors[error.dataset.errorFor];
    error.hidden = !message;
    error.textContent = message ?? '';
    const control = body.querySelector(`[data-block-id="${CSS.escape(error.dataset.errorFor)}"][data-value-type]`);
    if (control) control.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (message && control && !first) first = control;
  }
  first?.focus();
}

// --- Interactive elements -------------------------------------------------------------------------------------

function renderElement(element, blockId, surface, context) {
  switch (element.type) {
    case 'button':
      return button(element, blockId, surface, context);
    case 'overflow':
      return overflow(element, blockId, surface, context);
    case 'static_select':
      return staticSelect(element, blockId, surface, context);
    case 'image':
      return image(element);
    default:
      return unsupported(`A ${element.type} element is not shown in the playground.`);
  }
}

/** Sends the action, after the element's confirm dialog when it has one (Slack sends nothing on Cancel). */
async function act(element, action, surface, context) {
  if (element.confirm) {
    const confirmed = await context.host.confirm({
      title: plainText(element.confirm.title) || 'Are you sure?',
      text: plainText(element.confirm.text),
      confirmLabel: plainText(element.confirm.confirm) || 'Yes',
      denyLabel: plainText(element.confirm.deny) || 'Cancel',
      danger: element.confirm.style === 'danger',
    });
    if (!confirmed) return;
  }
  await context.host.act(surface, action);
}

function button(element, blockId, surface, context) {
  const label = plainText(element.text);
  const style = element.style === 'primary' || element.style === 'danger' ? ` sk-btn-${element.style}` : '';
  const action = {
    type: 'button',
    action_id: element.action_id,
    block_id: blockId,
    text: element.text,
    ...(element.value !== undefined ? { value: element.value } : {}),
    ...(element.style ? { style: element.style } : {}),
  };
  if (element.url && /^https?:\/\//i.test(element.url)) {
    // A link button opens its page and still tells the app about the click, as in Slack.
    const link = document.createElement('a');
    link.className = `sk-btn${style}`;
    link.href = element.url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = label;
    if (element.accessibility_label) link.setAttribute('aria-label', element.accessibility_label);
    link.addEventListener('click', () => context.host.act(surface, action));
    return link;
  }
  const node = document.createElement('button');
  node.type = 'button';
  node.className = `sk-btn${style}`;
  node.textContent = label;
  if (element.accessibility_label) node.setAttribute('aria-label', element.accessibility_label);
  node.dataset.actionId = element.action_id;
  node.addEventListener('click', () => act(element, action, surface, context));
  return node;
}

function overflow(element, blockId, surface, context) {
  const wrapper = document.createElement('div');
  wrapper.className = 'sk-overflow';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'sk-btn sk-overflow-toggle';
  toggle.textContent = '⋯';
  toggle.setAttribute('aria-label', 'More actions');
  toggle.setAttribute('aria-haspopup', 'menu');
  toggle.setAttribute('aria-expanded', 'false');
  const menu = document.createElement('ul');
  menu.className = 'sk-menu';
  menu.setAttribute('role', 'menu');
  menu.id = nextId('menu');
  menu.hidden = true;
  toggle.setAttribute('aria-controls', menu.id);
  const close = (focusToggle) => {
    menu.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    if (focusToggle) toggle.focus();
  };
  for (const option of element.options ?? []) {
    const item = document.createElement('li');
    item.setAttribute('role', 'none');
    const choice = document.createElement('button');
    choice.type = 'button';
    choice.setAttribute('role', 'menuitem');
    choice.textContent = plainText(option.text);
    choice.addEventListener('click', () => {
      close(true);
      if (option.url) window.open(option.url, '_blank', 'noopener');
      act(
        element,
        {
          type: 'overflow',
          action_id: element.action_id,
          block_id: blockId,
          selected_option: { text: option.text, value: option.value },
        },
        surface,
        context,
      );
    });
    item.append(choice);
    menu.append(item);
  }
  toggle.addEventListener('click', () => {
    const opening = menu.hidden;
    menu.hidden = !opening;
    toggle.setAttribute('aria-expanded', String(opening));
    if (opening) menu.querySelector('button')?.focus();
  });
  menu.addEventListener('keydown', (event) => {
    const items = [...menu.querySelectorAll('button')];
    const at = items.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  });
  wrapper.addEventListener('focusout', (event) => {
    if (!wrapper.contains(event.relatedTarget)) close(false);
  });
  wrapper.append(toggle, menu);
  return wrapper;
}

function selectControl(element) {
  const select = document.createElement('select');
  select.className = 'sk-select';
  const placeholder = document.createElement('option');
  placeholder.value = '';
  placeholder.textContent = element.placeholder ? plainText(element.placeholder) : 'Choose an option';
  placeholder.disabled = true;
  select.append(placeholder);
  const addOptions = (parent, options) => {
    for (const option of options ?? []) {
      const node = document.createElement('option');
      node.value = option.value;
      node.textContent = plainText(option.text);
      parent.append(node);
    }
  };
  if (Array.isArray(element.option_groups)) {
    for (const group of element.option_groups) {
      const node = document.createElement('optgroup');
      node.label = plainText(group.label);
      addOptions(node, group.options);
      select.append(node);
    }
  } else {
    addOptions(select, element.options);
  }
  const initial = element.initial_option?.value;
  select.value = initial ?? '';
  if (!initial) placeholder.selected = true;
  return select;
}

function staticSelect(element, blockId, surface, context) {
  const wrapper = document.createElement('span');
  const select = selectControl(element);
  select.id = nextId('select');
  const label = document.createElement('label');
  label.className = 'visually-hidden';
  label.htmlFor = select.id;
  label.textContent = element.placeholder ? plainText(element.placeholder) : 'Choose an option';
  select.addEventListener('change', async () => {
    const chosen = select.selectedOptions[0];
    if (!chosen?.value) return;
    const options = element.option_groups ? element.option_groups.flatMap((g) => g.options) : element.options;
    const option = (options ?? []).find((o) => o.value === chosen.value);
    await act(
      element,
      {
        type: 'static_select',
        action_id: element.action_id,
        block_id: blockId,
        selected_option: { text: option?.text ?? plain(chosen.textContent), value: chosen.value },
        ...(element.placeholder ? { placeholder: element.placeholder } : {}),
      },
      surface,
      context,
    );
  });
  wrapper.append(label, select);
  return wrapper;
}

function image(element) {
  const img = document.createElement('img');
  img.src = element.image_url ?? '';
  img.alt = element.alt_text ?? '';
  return img;
}

function unsupported(text) {
  const note = document.createElement('p');
  note.className = 'sk-unsupported';
  note.textContent = text;
  return note;
}

// --- Text -----------------------------------------------------------------------------------------------------

function plain(text) {
  return { type: 'plain_text', text, emoji: true };
}

function plainText(object) {
  if (!object) return '';
  if (typeof object === 'string') return object;
  const text = String(object.text ?? '');
  return object.emoji === false ? text : emojify(text);
}

function textObject(object, className, config) {
  const node = document.createElement('div');
  node.className = className;
  if (object?.type === 'mrkdwn') node.append(mrkdwn(String(object.text ?? ''), config));
  else node.textContent = plainText(object);
  return node;
}

function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

/** Slack escapes only these three in mrkdwn; the rest is literal. */
function unescapeMrkdwn(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack's mrkdwn as DOM nodes: code blocks, quotes, inline code, bold, italic, strike, links, mentions, dates. */
export function mrkdwn(text, config) {
  const fragment = document.createDocumentFragment();
  const pieces = text.split(/```([\s\S]*?)```/);
  pieces.forEach((piece, index) => {
    if (index % 2 === 1) {
      const pre = document.createElement('pre');
      pre.textContent = unescapeMrkdwn(piece.replace(/^\n/, ''));
      fragment.append(pre);
      return;
    }
    const lines = piece.split('\n');
    lines.forEach((line, lineIndex) => {
      const quote = /^(&gt;|>) ?(.*)$/.exec(line);
      if (quote) {
        const block = document.createElement('span');
        block.className = 'sk-quote';
        inline(quote[2], block, config);
        fragment.append(block);
        return;
      }
      inline(line, fragment, config);
      if (lineIndex < lines.length - 1) fragment.append(document.createElement('br'));
    });
  });
  return fragment;
}

const INLINE = /`([^`\n]+)`|<([^<>\n]+)>|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;

function inline(text, parent, config) {
  let last = 0;
  const pattern = new RegExp(INLINE.source, 'g');
  let match = pattern.exec(text);
  while (match) {
    const start = match.index;
    const end = start + match[0].length;
    const formatting = match[3] !== undefined || match[4] !== undefined || match[5] !== undefined;
    // Bold, italic and strike need a word boundary on both sides, as in Slack.
    if (formatting && (/\w/.test(text[start - 1] ?? '') || /\w/.test(text[end] ?? ''))) {
      pattern.lastIndex = start + 1;
      match = pattern.exec(text);
      continue;
    }
    if (start > last) parent.append(emojify(unescapeMrkdwn(text.slice(last, start))));
    if (match[1] !== undefined) {
      const code = document.createElement('code');
      code.textContent = unescapeMrkdwn(match[1]);
      parent.append(code);
    } else if (match[2] !== undefined) {
      parent.append(special(match[2], config));
    } else {
      const tag = match[3] !== undefined ? 'strong' : match[4] !== undefined ? 'em' : 's';
      const node = document.createElement(tag);
      inline(match[3] ?? match[4] ?? match[5], node, config);
      parent.append(node);
    }
    last = end;
    match = pattern.exec(text);
  }
  if (last < text.length) parent.append(emojify(unescapeMrkdwn(text.slice(last))));
}

/** `<...>`: a link, a mention, a channel, a special mention or a date. */
function special(token, config) {
  const bar = token.indexOf('|');
  const target = bar < 0 ? token : token.slice(0, bar);
  const label = bar < 0 ? undefined : unescapeMrkdwn(token.slice(bar + 1));
  const mention = (text) => {
    const node = document.createElement('span');
    node.className = 'sk-mention';
    node.textContent = text;
    return node;
  };
  if (target.startsWith('@')) {
    const user = config.users.find((u) => u.id === target.slice(1));
    return mention(`@${label ?? user?.name ?? target.slice(1)}`);
  }
  if (target.startsWith('#')) return mention(`#${label ?? target.slice(1)}`);
  if (target.startsWith('!date^')) return document.createTextNode(formatDate(target, label));
  if (target.startsWith('!subteam^')) return mention(label ?? '@group');
  if (target.startsWith('!')) return mention(`@${target.slice(1)}`);
  const url = unescapeMrkdwn(target);
  if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(label ?? url);
  const link = document.createElement('a');
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = label ?? url;
  return link;
}

/** `<!date^1700000000^{date_short_pretty} {time}|fallback>`, in the reader's own zone as Slack shows it. */
function formatDate(target, fallback) {
  const [, seconds, format = ''] = target.split('^');
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return fallback ?? '';
  const day = (options) => date.toLocaleDateString(undefined, options);
  const relative = () => {
    const today = new Date();
    const yesterday = new Date(today.getTime() - 86_400_000);
    if (date.toDateString() === today.toDateString()) return 'today';
    if (date.toDateString() === yesterday.toDateString()) return 'yesterday';
    return undefined;
  };
  const tokens = {
    date_num: () => date.toISOString().slice(0, 10),
    date: () => day({ month: 'long', day: 'numeric', year: 'numeric' }),
    date_short: () => day({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: () => day({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    date_pretty: () => relative() ?? day({ month: 'long', day: 'numeric', year: 'numeric' }),
    date_short_pretty: () => relative() ?? day({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long_pretty: () => relative() ?? day({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    time: () => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
    time_secs: () => date.toLocaleTimeString(),
    ago: () => {
      const minutes = Math.round((Date.now() - date.getTime()) / 60_000);
      if (Math.abs(minutes) < 60) return `${Math.abs(minutes)} minutes ${minutes >= 0 ? 'ago' : 'from now'}`;
      const hours = Math.round(minutes / 60);
      if (Math.abs(hours) < 48) return `${Math.abs(hours)} hours ${hours >= 0 ? 'ago' : 'from now'}`;
      return `${Math.round(hours / 24)} days ago`;
    },
  };
  return format.replace(/\{(\w+)\}/g, (whole, name) => (tokens[name] ? tokens[name]() : whole));
}
