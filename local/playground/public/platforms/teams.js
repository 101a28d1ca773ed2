/**
 * Microsoft Teams for the playground: the bot's Adaptive Cards drawn by Microsoft's own renderer (the
 * `adaptivecards` package's browser bundle, served by the playground from node_modules) with a host config close to
 * Teams' light theme, and each button's click turned into what Teams sends: an Action.Execute becomes the
 * `adaptiveCard/action` invoke, its card's inputs merged into its data by the renderer as Teams merges them; an
 * Action.OpenUrl opens its page. The invoke's answer ("Working on it…") is shown under the card until the bot
 * updates it. A card the renderer cannot parse, validate or draw is shown as an error (class tm-card-error), never
 * half-drawn.
 *
 * Markdown (TextBlocks, text messages): a small processor of the subset Teams reads, safe by construction: the text
 * is HTML-escaped before any markup is made, backslash escapes of ASCII punctuation are honoured (CommonMark), and
 * only http(s) links become links.
 */

const RENDERER = '/playground/vendor/adaptivecards.min.js';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Close to Teams' light theme: Segoe UI, its purple accent, its spacing and type ramp, inline Action.ShowCard. */
const TEAMS_HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', sans-serif",
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        dark: { default: '#252424', subtle: '#484644' },
        light: { default: '#FFFFFF', subtle: '#F3F2F1' },
        accent: { default: '#5B5FC7', subtle: '#7579EB' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835B00', subtle: '#A16E00' },
        attention: { default: '#C4314B', subtle: '#D13438' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#7579EB' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835B00', subtle: '#A16E00' },
        attention: { default: '#C4314B', subtle: '#D13438' },
      },
    },
    accent: { backgroundColor: '#E8EBFA' },
    good: { backgroundColor: '#E7F2DA' },
    warning: { backgroundColor: '#FBF6D9' },
    attention: { backgroundColor: '#FCF4F6' },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 8, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
  },
  inputs: {
    label: {
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { size: 'small', color: 'attention', spacing: 'small' },
  },
  textBlock: { headingLevel: 2 },
};

export async function createPlatform(config, host) {
  await loadScript(RENDERER);
  const AC = window.AdaptiveCards;
  if (!AC?.AdaptiveCard) throw new Error('the Adaptive Cards renderer did not load');
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdownHtml(text);
    result.didProcess = true;
  };
  const hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIG);
  const mention = config.mention;

  const renderCard = (json, surface) => {
    const card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = (action) => execute(AC, action, surface, host);
    const problems = [];
    let node;
    try {
      const context = new AC.SerializationContext();
      card.parse(json, context);
      for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
      for (const issue of card.validateProperties().validationEvents) problems.push(issue.message);
      if (problems.length === 0) node = card.render();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    if (problems.length > 0 || !node) return cardError(problems.length ? problems : ['the renderer drew nothing']);
    const wrapper = document.createElement('div');
    wrapper.className = 'tm-card';
    wrapper.append(node);
    return wrapper;
  };

  return {
    commandText(typed, view) {
      let text = typed.trim();
      const mentioned =
        text.toLowerCase().startsWith(mention.toLowerCase()) &&
        (text.length === mention.length || /\s/.test(text[mention.length]));
      if (view !== 'dm' && !mentioned) {
        return {
          error: `In ${config.channel} the bot hears only messages that @mention it: start with ${mention}, such as ${mention} list.`,
        };
      }
      if (mentioned) text = text.slice(mention.length).trim();
      return { text };
    },
    composerPrefix(view) {
      return view === 'dm' ? '' : `${mention} `;
    },
    composerHint(view) {
      const prefix = view === 'dm' ? '' : `${mention} `;
      const code = (text) => {
        const node = document.createElement('code');
        node.textContent = `${prefix}${text}`;
        return node;
      };
      const hint = document.createDocumentFragment();
      hint.append('Try ', code('list'), ', ', code('fleet'), ' (as carol) or ', code('help'), '.');
      if (view !== 'dm') hint.append(' Here everyone sees the answers; private ones go to your chat with the bot.');
      return hint;
    },
    renderMessage(content, surface) {
      const fragment = document.createDocumentFragment();
      if (typeof content.elsewhere === 'string') {
        fragment.append(paragraph(`Sent to another conversation (${content.elsewhere}).`, 'tm-elsewhere'));
      }
      if (typeof content.text === 'string' && content.text.trim() !== '') {
        const text = document.createElement('div');
        text.className = 'tm-text';
        text.innerHTML = markdownHtml(content.text);
        fragment.append(text);
      }
      for (const attachment of Array.isArray(content.attachments) ? content.attachments : []) {
        if (attachment?.contentType === ADAPTIVE_CARD) fragment.append(renderCard(attachment.content, surface));
        else fragment.append(cardError([`an attachment of type ${attachment?.contentType} is not shown here`]));
      }
      return fragment;
    },
  };
}

/** What a click does, as Teams does it; the renderer has checked the card's inputs (required, regex) before this. */
async function execute(AC, action, surface, host) {
  if (action instanceof AC.ExecuteAction || action instanceof AC.SubmitAction) {
    const execute = action instanceof AC.ExecuteAction;
    // `data` is the button's data with the inputs merged in under their ids.
    const payload = execute
      ? { type: 'Action.Execute', verb: action.verb ?? '', data: action.data ?? {} }
      : { type: 'Action.Submit', data: action.data ?? {} };
    host.note(surface, 'Sending…');
    const answer = await host.act(surface, payload);
    if (!answer?.ok) {
      host.note(
        surface,
        `Teams could not deliver the click (the bot answered ${answer?.botStatus ?? 'nothing'}).`,
        'error',
      );
    } else {
      host.note(surface, answer.message ?? (execute ? 'The bot took the click.' : ''));
    }
    return;
  }
  if (action instanceof AC.OpenUrlAction) {
    if (/^https?:\/\//i.test(action.url ?? '')) window.open(action.url, '_blank', 'noopener');
    return;
  }
  // Action.ShowCard and Action.ToggleVisibility are the renderer's own business.
}

function cardError(problems) {
  const node = document.createElement('div');
  node.className = 'tm-card-error';
  node.setAttribute('role', 'alert');
  const title = document.createElement('strong');
  title.textContent = 'This card could not be shown: ';
  node.append(title, problems.join('; '));
  console.error(`Adaptive Card render error: ${problems.join('; ')}`);
  return node;
}

function paragraph(text, className) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} could not be loaded`));
    document.head.append(script);
  });
}

// --- Markdown -------------------------------------------------------------------------------------------------

/** Private-use characters that mark a piece already turned into HTML; removed from the input first. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');
const ASCII_PUNCTUATION = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g;

function escapeHtml(text) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The Markdown Teams reads in a TextBlock, as HTML that holds nothing from the text but escaped characters:
 * paragraphs and line breaks, `- ` and `1. ` lists, **bold**, *italic* / _italic_, `code`, [links](https://…) and
 * backslash escapes.
 */
export function markdownHtml(source) {
  const pieces = [];
  const keep = (html) => `${OPEN}${pieces.push(html) - 1}${CLOSE}`;
  let text = String(source).replace(/[\uE000\uE001]/g, '');
  // A backslash before punctuation makes it literal: kept aside before anything could read it as markup.
  text = text.replace(ASCII_PUNCTUATION, (_, char) => keep(escapeHtml(char)));
  text = escapeHtml(text);
  const inline = (line) => {
    let html = line.replace(/`([^`]+)`/g, (_, code) => keep(`<code>${code}</code>`));
    // Links only to http(s); the URL is escaped already, so it cannot leave its attribute.
    html = html.replace(/\[([^\]]+)\]\((https?:\/\/[^\s()]+)\)/gi, (_, label, url) =>
      keep(`<a href="${url}" target="_blank" rel="noopener noreferrer">${emphasis(label)}</a>`),
    );
    return emphasis(html);
  };
  const blocks = text.split(/\n{2,}/).map((block) => {
    const lines = block.split('\n');
    if (lines.every((line) => /^\s*[-*+] /.test(line))) {
      return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*[-*+] /, ''))}</li>`).join('')}</ul>`;
    }
    if (lines.every((line) => /^\s*\d+[.)] /.test(line))) {
      return `<ol>${lines.map((line) => `<li>${inline(line.replace(/^\s*\d+[.)] /, ''))}</li>`).join('')}</ol>`;
    }
    return `<p>${lines.map(inline).join('<br>')}</p>`;
  });
  let html = blocks.join('');
  // Pieces can hold pieces (a link's label): put them back until none is left.
  while (html.includes(OPEN)) html = html.replace(PLACEHOLDER, (_, index) => pieces[Number(index)]);
  return html;
}

function emphasis(html) {
  return html
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)(.+?)(?<=\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1<em>$2</em>');
}
