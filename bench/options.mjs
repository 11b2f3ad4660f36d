// The bench scripts' command-line options: `--name value` pairs anywhere in the arguments.

/**
 * The value after `--name`, or `fallback` when the option is not given. An option given
 * without a value, or a required one (no fallback) not given, stops the script with a message
 * naming it: a mistyped command must not run an hour-long bench on the defaults.
 * @param {string} name
 * @param {string | number | null} [fallback]
 * @returns {string | null}
 */
export function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) {
    if (fallback === undefined) throw new Error(`--${name} is needed`);
    return fallback === null ? null : String(fallback);
  }
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}
