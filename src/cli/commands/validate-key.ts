import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { describeKey } from '../format.js';

export const validateKey: CliCommand = {
  name: 'validate-key',
  summary: 'Check the API key',
  description: 'Checks KONPRO_API_KEY and shows its id, scopes and expiry. Exits 3 when the key is not valid.',
  async run({ client, print }) {
    const key = await client().apiKeys.validate();
    print(key, `API key\n${describeKey(key)}`);
    return key.valid === false ? EXIT.api : EXIT.ok;
  },
};
