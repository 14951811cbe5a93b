/** Environment variables, read the same way everywhere: set but empty (or blank) means unset. */
export function readEnv(name: string, env = processEnv()): string | undefined {
  const value = env?.[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function processEnv(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}
