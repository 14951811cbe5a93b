/**
 * Environment variables, read the same way everywhere: set but empty (or blank) means unset, and
 * so does one the runtime refuses to show (Deno without `--allow-env` throws on the read): the
 * options then decide, as they would on a runtime without environment variables at all.
 */
export function readEnv(name: string, env = processEnv()): string | undefined {
  let value: string | undefined;
  try {
    value = env?.[name];
  } catch {
    return undefined;
  }
  return value === undefined || value.trim() === '' ? undefined : value;
}

function processEnv(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}
