/**
 * The gateway's Prometheus metrics, with prom-client (a well-kept library, so the exposition
 * format and the default process and runtime metrics — CPU, memory, heap, event-loop lag, GC,
 * handles — are not ours to maintain). One registry per app, so that several gateways in one
 * process (tests) keep their counts apart. house-style A6 (operations).
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Upper bounds (seconds) of the request duration buckets. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Store calls are shorter: from 0.1 ms up. */
const STORE_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

export class Metrics {
  readonly registry = new Registry();
  private readonly http = new Counter({ name: 'gateway_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [this.registry] });
  private readonly soap = new Counter({ name: 'gateway_soap_requests_total', help: 'SOAP requests by transaction and outcome', labelNames: ['transaction', 'outcome'], registers: [this.registry] });
  private readonly soapDuration = new Histogram({ name: 'gateway_soap_request_duration_seconds', help: 'Time to answer a SOAP request', labelNames: ['transaction'], buckets: REQUEST_BUCKETS, registers: [this.registry] });
  private readonly xcaDuration = new Histogram({ name: 'gateway_xca_community_duration_seconds', help: 'Time a remote community took to answer an ITI-38 or ITI-39 request, all attempts included', labelNames: ['community', 'transaction'], buckets: REQUEST_BUCKETS, registers: [this.registry] });
  private readonly xcaErrors = new Counter({ name: 'gateway_xca_community_errors_total', help: 'ITI-38 and ITI-39 requests to a remote community that failed (no answer, timeout, HTTP or SOAP error)', labelNames: ['community', 'transaction'], registers: [this.registry] });
  private readonly xuaRefusals = new Counter({ name: 'gateway_xua_refusals_total', help: 'Requests refused for their security token or by the access policy, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly auditFailures = new Counter({ name: 'gateway_audit_write_failures_total', help: 'Audit records that could not be stored (the request then failed)', registers: [this.registry] });
  private readonly storeDuration = new Histogram({ name: 'gateway_store_operation_duration_seconds', help: 'Time of a storage call, by store and operation', labelNames: ['store', 'operation', 'result'], buckets: STORE_BUCKETS, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one finished HTTP request; `route` is a low-cardinality name (soap, wsdl, healthz, …). */
  recordHttp(route: string, status: number): void {
    this.http.inc({ route, status: String(status) });
  }

  /** Counts one SOAP request (outcome: success, failure, error, fault, client-gone) and its duration. */
  recordSoap(transaction: string, outcome: string, seconds: number): void {
    this.soap.inc({ transaction, outcome });
    this.soapDuration.observe({ transaction }, seconds);
  }

  /** One outbound ITI-38 / ITI-39 exchange with a remote community. */
  recordXca(community: string, transaction: string, seconds: number, failed: boolean): void {
    this.xcaDuration.observe({ community, transaction }, seconds);
    if (failed) this.xcaErrors.inc({ community, transaction });
  }

  /** A request refused for its ticket or token (reason: the wsse fault code) or by the access policy. */
  recordXuaRefusal(reason: string): void {
    this.xuaRefusals.inc({ reason });
  }

  recordAuditWriteFailure(): void {
    this.auditFailures.inc();
  }

  /** One storage call (store: metadata, documents, audit). */
  recordStore(store: string, operation: string, seconds: number, failed: boolean): void {
    this.storeDuration.observe({ store, operation, result: failed ? 'error' : 'ok' }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
