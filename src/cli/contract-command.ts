/** `konpro-widget contract`: the live contract run, with its results and coverage matrix printed. */
import { DEFAULT_BASE_URL } from '../client.js';
import { formatCoverage, writeCoverageReport } from '../contract/coverage-report.js';
import { LivePreflightError, runLiveContract } from '../contract/live-contract.js';
import { readEnv } from '../internal/env.js';
import { EXIT } from './format.js';
import type { CliIo } from './run-cli.js';

export async function runContractCommand(
  io: CliIo,
  options: { avatar?: string | undefined; reportDir: string; json: boolean },
): Promise<number> {
  const apiKey = readEnv('KONPRO_API_KEY', io.env);
  const agenticAvatarId = options.avatar ?? readEnv('KONPRO_AGENTIC_AVATAR_ID', io.env);
  if (!apiKey) {
    io.stderr('contract needs KONPRO_API_KEY: the key of the account to check.');
    return EXIT.usage;
  }
  if (!agenticAvatarId) {
    io.stderr('contract needs an agentic avatar of that account: --avatar ID or KONPRO_AGENTIC_AVATAR_ID.');
    return EXIT.usage;
  }
  const baseUrl = readEnv('KONPRO_BASE_URL', io.env) ?? DEFAULT_BASE_URL;
  if (!options.json) io.stdout(`Live contract run against ${baseUrl}`);
  try {
    const report = await runLiveContract({
      baseUrl,
      apiKey,
      agenticAvatarId,
      log: options.json ? () => {} : io.stdout,
    });
    const coverage = await writeCoverageReport(options.reportDir, 'live', report.coverage);
    const failed = report.violations.length;
    if (options.json) {
      io.stdout(
        JSON.stringify(
          {
            passed: report.results.length - failed,
            failed,
            requests: report.requests,
            results: report.results,
            coverage: report.coverage,
          },
          null,
          2,
        ),
      );
    } else {
      io.stdout('');
      for (const r of report.results) {
        const where = r.path ? ` at ${r.path} = ${JSON.stringify(r.value)}` : '';
        io.stdout(`${r.passed ? '✓' : '✗'} ${r.check}: ${r.message}${where}`);
      }
      io.stdout(`\nContract coverage (${options.reportDir}/contract-coverage.json):\n${formatCoverage(coverage)}\n`);
      io.stdout(`${report.requests} requests sent`);
      io.stdout(`${report.results.length - failed} passed, ${failed} failed`);
    }
    return failed === 0 ? EXIT.ok : EXIT.api;
  } catch (error) {
    io.stderr(
      error instanceof LivePreflightError ? error.message : `Live contract run failed: ${(error as Error).message}`,
    );
    return error instanceof LivePreflightError ? EXIT.api : EXIT.unexpected;
  }
}
