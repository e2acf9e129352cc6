/** `--name value` options and `--flag` switches of a bench command, read from its command line. */
const argv = process.argv.slice(2);

/** The value after `--name`, or `fallback` when the option is absent. */
export function option(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

/** Whether the switch `--name` was given. */
export function hasFlag(name: string): boolean {
  return argv.includes(`--${name}`);
}
