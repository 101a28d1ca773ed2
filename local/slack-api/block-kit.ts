/**
 * Block Kit validation the way Slack refuses a message or a view: each problem in Slack's wording with a JSON
 * pointer (`must be less than 3001 characters [json-pointer:/blocks/0/text/text]`). It checks the limits, which
 * come from the project's one table, not the full schema.
 */

import { SLACK_LIMITS } from '../../bot/slack/blocks/limits';
import { isRecord } from '../json';

/** Problems with a message's blocks; an empty list means Slack would take them. */
export function messageBlockProblems(blocks: unknown): string[] {
  const check = new Checker();
  check.blocks(blocks, '/blocks', SLACK_LIMITS.blocksPerMessage);
  return check.problems;
}

/** Problems with a modal or home tab view. */
export function viewProblems(view: unknown): string[] {
  const check = new Checker();
  if (!isRecord(view)) return ['must provide an object [json-pointer:/view]'];
  if (view.type !== 'modal' && view.type !== 'home')
    check.problems.push('must be modal or home [json-pointer:/view/type]');
  if (view.type === 'modal') check.text(view.title, '/view/title', SLACK_LIMITS.viewTitle);
  check.length(view.private_metadata, '/view/private_metadata', SLACK_LIMITS.viewPrivateMetadata);
  check.length(view.callback_id, '/view/callback_id', SLACK_LIMITS.viewCallbackId);
  check.blocks(view.blocks, '/view/blocks', SLACK_LIMITS.blocksPerView);
  return check.problems;
}

class Checker {
  readonly problems: string[] = [];

  blocks(blocks: unknown, at: string, max: number): void {
    if (!Array.isArray(blocks)) {
      this.problems.push(`must provide an array [json-pointer:${at}]`);
      return;
    }
    this.count(blocks, at, max);
    blocks.forEach((block, i) => {
      this.block(block, `${at}/${i}`);
    });
  }

  private block(block: unknown, at: string): void {
    if (!isRecord(block) || typeof block.type !== 'string') {
      this.problems.push(`missing required field: type [json-pointer:${at}]`);
      return;
    }
    this.length(block.block_id, `${at}/block_id`, SLACK_LIMITS.blockId);
    switch (block.type) {
      case 'section':
        if (block.text === undefined && block.fields === undefined) {
          this.problems.push(`must provide either text or fields [json-pointer:${at}]`);
        }
        if (block.text !== undefined) this.text(block.text, `${at}/text`, SLACK_LIMITS.text);
        if (block.fields !== undefined)
          this.list(block.fields, `${at}/fields`, SLACK_LIMITS.fieldsPerSection, (f, p) =>
            this.text(f, p, SLACK_LIMITS.fieldText),
          );
        if (block.accessory !== undefined) this.element(block.accessory, `${at}/accessory`);
        return;
      case 'context':
        this.list(block.elements, `${at}/elements`, SLACK_LIMITS.elementsPerContext, (element, p) => {
          if (isRecord(element) && element.type !== 'image') this.text(element, p, SLACK_LIMITS.text);
        });
        return;
      case 'header':
        this.text(block.text, `${at}/text`, SLACK_LIMITS.headerText);
        return;
      case 'actions':
        this.list(block.elements, `${at}/elements`, SLACK_LIMITS.elementsPerActions, (e, p) => this.element(e, p));
        return;
      case 'input':
        this.text(block.label, `${at}/label`, SLACK_LIMITS.fieldText);
        this.element(block.element, `${at}/element`);
        return;
      default:
        // Dividers, images, rich text and the rest carry no limit the project's renderers could break.
        return;
    }
  }

  private element(element: unknown, at: string): void {
    if (!isRecord(element)) {
      this.problems.push(`must provide an object [json-pointer:${at}]`);
      return;
    }
    this.length(element.action_id, `${at}/action_id`, SLACK_LIMITS.actionId);
    switch (element.type) {
      case 'button':
        this.text(element.text, `${at}/text`, SLACK_LIMITS.buttonText);
        this.length(element.value, `${at}/value`, SLACK_LIMITS.buttonValue);
        return;
      case 'overflow':
        this.options(element.options, `${at}/options`, SLACK_LIMITS.overflowOptions);
        return;
      case 'static_select':
      case 'multi_static_select':
      case 'radio_buttons':
      case 'checkboxes':
        if (element.options !== undefined)
          this.options(element.options, `${at}/options`, SLACK_LIMITS.optionsPerSelect);
        return;
      default:
        return;
    }
  }

  private options(options: unknown, at: string, max: number): void {
    this.list(options, at, max, (option, p) => {
      if (!isRecord(option)) return;
      this.text(option.text, `${p}/text`, SLACK_LIMITS.optionText);
      this.length(option.value, `${p}/value`, SLACK_LIMITS.optionValue);
    });
  }

  /** A text object: `{ type, text }` with 1 to `max` characters. */
  text(value: unknown, at: string, max: number): void {
    if (!isRecord(value) || typeof value.text !== 'string') {
      this.problems.push(`must provide an object [json-pointer:${at}]`);
      return;
    }
    if (value.text.length === 0) this.problems.push(`must be more than 0 characters [json-pointer:${at}/text]`);
    this.length(value.text, `${at}/text`, max);
  }

  length(value: unknown, at: string, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.problems.push(`must be less than ${max + 1} characters [json-pointer:${at}]`);
    }
  }

  private list(value: unknown, at: string, max: number, each: (item: unknown, at: string) => void): void {
    if (!Array.isArray(value)) {
      this.problems.push(`must provide an array [json-pointer:${at}]`);
      return;
    }
    this.count(value, at, max);
    value.forEach((item, i) => {
      each(item, `${at}/${i}`);
    });
  }

  private count(items: unknown[], at: string, max: number): void {
    if (items.length > max) this.problems.push(`no more than ${max} items allowed [json-pointer:${at}]`);
  }
}
