// Report mode's totals as OpenTelemetry metrics: an observable counter, read at each collection
import type { KonproClient } from 'konpro-widget-sessions';

/** What an observable instrument reports to (OpenTelemetry's `ObservableResult`). */
interface ObservableResult {
  observe(value: number, attributes?: Record<string, string>): void;
}

/** The part of @opentelemetry/api's `Meter` this uses: pass `metrics.getMeter('your-service')`. */
export interface Meter {
  createObservableCounter(
    name: string,
    options?: { description?: string },
  ): { addCallback(read: (result: ObservableResult) => void): void };
}

export function exportContractViolations(meter: Meter, konpro: KonproClient): void {
  meter
    .createObservableCounter('konpro.contract_violations', {
      description: 'KonPro answers that drift from the contract',
    })
    .addCallback((result) => {
      for (const { operationId, signature, count } of konpro.contractViolations().violations)
        result.observe(count, { operation: operationId, signature });
    });
  meter
    .createObservableCounter('konpro.answers_checked', { description: 'KonPro answers report mode judged' })
    .addCallback((result) => result.observe(konpro.contractViolations().checked));
}
