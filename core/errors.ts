/** Typed errors, each with a code, so callers branch on type rather than on message text. */

export class WorkspacesBotError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration variable is missing or malformed; the message names it and the expected form. */
export class ConfigError extends WorkspacesBotError {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly got?: string,
  ) {
    super('CONFIG_INVALID', `${variable} ${got === undefined ? 'is missing' : `is "${got}"`}: expected ${expected}.`);
  }
}

/** A local stand-in (DynamoDB Local, the simulator) cannot start; the message says what to install or do. */
export class LocalStackError extends WorkspacesBotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOCAL_STACK', message, options);
  }
}
