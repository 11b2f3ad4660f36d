// The one error type of the package: whatever newsdex throws or rejects with is a NewsdexError
// whose message starts with "newsdex:" and whose `code` says what went wrong, so that callers
// branch on the code and never parse the message. The engine's errors keep the engine's code
// (the name of the Rust ErrorKind); the JavaScript side has codes of its own. index.d.ts lists
// them all (NewsdexErrorCode); tests/node/contract.test.mjs keeps that list whole.

/** @typedef {import('./index.js').NewsdexErrorCode} NewsdexErrorCode */

export class NewsdexError extends Error {
  /**
   * @param {NewsdexErrorCode} code
   * @param {string} message  starting with "newsdex:"
   * @param {{ cause?: unknown, url?: string, status?: number }} [details]  `url` and `status` for a failed fetch
   */
  constructor(code, message, { cause, url, status } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    if (url !== undefined) this.url = url;
    if (status !== undefined) this.status = status;
  }
}

// On the prototype, as Error's own name is, so that it is not an own property of each error.
NewsdexError.prototype.name = 'NewsdexError';

/**
 * `error` as a NewsdexError. The engine's errors (messages starting with "newsdex:") keep their
 * code and message; a trap of the wasm module is `Trap`; anything else is `Internal`, its
 * message prefixed.
 * @param {unknown} error
 * @returns {NewsdexError}
 */
export function asNewsdexError(error) {
  if (error instanceof NewsdexError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = /** @type {{ code?: unknown }} */ (error)?.code;
  if (typeof code === 'string' && message.startsWith('newsdex:')) {
    return new NewsdexError(/** @type {NewsdexErrorCode} */ (code), message, { cause: error });
  }
  return new NewsdexError(error instanceof WebAssembly.RuntimeError ? 'Trap' : 'Internal', `newsdex: ${message}`, { cause: error });
}
