/**
 * In-process metrics in the Prometheus text exposition format (version 0.0.4): HTTP requests
 * by route and status, SOAP requests by transaction and outcome, and their durations.
 * house-style A6 (operations).
 */

/** Upper bounds (seconds) of the duration histogram buckets. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

interface Histogram { counts: number[]; sum: number; count: number }

export class Metrics {
  private readonly http = new Map<string, number>();
  private readonly soap = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  private readonly started = Date.now();

  /**
   * Counts one finished HTTP request.
   * @param route - a low-cardinality route name (soap, wsdl, healthz, …)
   * @param status - HTTP status sent
   */
  recordHttp(route: string, status: number): void {
    const key = `route="${label(route)}",status="${status}"`;
    this.http.set(key, (this.http.get(key) ?? 0) + 1);
  }

  /**
   * Counts one SOAP request and its duration.
   * @param transaction - transaction id, or "none" when none was found
   * @param outcome - success, failure, error, fault, client-gone
   * @param seconds - time from request start to response end
   */
  recordSoap(transaction: string, outcome: string, seconds: number): void {
    const key = `transaction="${label(transaction)}",outcome="${label(outcome)}"`;
    this.soap.set(key, (this.soap.get(key) ?? 0) + 1);
    const tkey = `transaction="${label(transaction)}"`;
    let h = this.durations.get(tkey);
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.durations.set(tkey, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] as number)) h.counts[i] = (h.counts[i] ?? 0) + 1;
    h.sum += seconds;
    h.count++;
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    counter(out, 'gateway_http_requests_total', 'HTTP requests by route and status', this.http);
    counter(out, 'gateway_soap_requests_total', 'SOAP requests by transaction and outcome', this.soap);
    out.push('# HELP gateway_soap_request_duration_seconds Time to answer a SOAP request',
      '# TYPE gateway_soap_request_duration_seconds histogram');
    for (const [key, h] of this.durations) {
      BUCKETS.forEach((b, i) => out.push(`gateway_soap_request_duration_seconds_bucket{${key},le="${b}"} ${h.counts[i] ?? 0}`));
      out.push(`gateway_soap_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`,
        `gateway_soap_request_duration_seconds_sum{${key}} ${h.sum}`,
        `gateway_soap_request_duration_seconds_count{${key}} ${h.count}`);
    }
    const mem = process.memoryUsage();
    out.push('# HELP process_resident_memory_bytes Resident memory size in bytes', '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${mem.rss}`,
      '# HELP nodejs_heap_used_bytes V8 heap in use', '# TYPE nodejs_heap_used_bytes gauge', `nodejs_heap_used_bytes ${mem.heapUsed}`,
      '# HELP process_uptime_seconds Seconds since the gateway started', '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${(Date.now() - this.started) / 1000}`);
    return `${out.join('\n')}\n`;
  }
}

function counter(out: string[], name: string, help: string, values: ReadonlyMap<string, number>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
  for (const [key, v] of values) out.push(`${name}{${key}} ${v}`);
}

/** A label value escaped as the exposition format requires. */
function label(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
