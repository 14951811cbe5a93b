/** Every `konpro-widget` command, in the order the help lists them: help and dispatch come from here. */
import type { CliCommand } from '../command.js';
import { contract } from './contract.js';
import { create } from './create.js';
import { del } from './delete.js';
import { get } from './get.js';
import { mock } from './mock.js';
import { validateKey } from './validate-key.js';

export const COMMANDS: readonly CliCommand[] = [create, get, del, validateKey, mock, contract];
