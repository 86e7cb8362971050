/**
 * PIXm ITI-104 Patient Identity Feed FHIR on /fhir/Patient (interface.md, MHD section): the
 * patient identity cross-reference is fed by conditional update and delete.
 * - `PUT /fhir/Patient?identifier=urn:oid:<OID>|<id>` with a Patient (application/fhir+json):
 *   links the Patient's local ids to its national id (201 when the person is new, 200 otherwise);
 * - `DELETE /fhir/Patient?identifier=…`: a local id is unlinked; a national id loses every link.
 * Only a system token with one of PATIENT_FEED_SCOPES may feed (anyone when XUA_MODE=off). Bodies
 * are capped at PATIENT_BODY_BYTES and read with the request idle timeout. Every error is an
 * OperationOutcome; this router is the one place where its errors are caught (house-style A8).
 * ITI TF-2 3.104; docs/patient-identities.md.
 */
import { Router, type Request, type Response } from 'express';
import type { Config } from '../../config/schema.js';
import { cxKey, type Cx } from '../../domain/datatypes.js';
import type { SecurityContext } from '../../domain/security-context.js';
import { operationOutcome, type OperationOutcome } from '../../formats/fhir/operation-outcome.js';
import { identifierTokenToCx, patientIdentifiersFromFhir, patientToFhir, type PatientProblem } from '../../formats/fhir/patient.js';
import type { FhirIssueType } from '../../errors/mapping.js';
import type { Logger } from '../../logging/logger.js';
import { syntheticIdSeverity } from '../../profiles/norway/profile.js';
import { identityOf } from '../../services/patient-feed.js';
import type { PatientIdentityStore } from '../../storage/ports.js';
import { SoapFault } from '../soap/fault.js';
import { authenticateHttp } from '../security/http-auth.js';
import type { JwtSettings } from '../security/jwt.js';
import type { XuaSettings } from '../security/xua-settings.js';
import { requestChunks } from './body.js';
import { correlationIdOf } from './request-log.js';

/** Largest Patient body accepted: 100 identifiers and more fit in a fraction of it. */
const PATIENT_BODY_BYTES = 64 * 1024;

export interface PatientRoutesDeps {
  readonly patients: PatientIdentityStore;
  readonly xua: XuaSettings;
  readonly jwt: JwtSettings;
  readonly config: Pick<Config, 'PATIENT_FEED_SCOPES' | 'METADATA_RULES' | 'REQUEST_IDLE_TIMEOUT_MS'>;
  readonly log: Logger;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** An answer that ends the request: status, OperationOutcome code and text. */
class Refusal extends Error {
  constructor(readonly status: number, readonly code: FhirIssueType, message: string, readonly problems: readonly PatientProblem[] = []) {
    super(message);
  }
}

/**
 * @param deps - the cross-reference, the XUA and HelseID settings, the settings and the logger
 * @returns the router for /fhir/Patient
 */
export function patientFeedRouter(deps: PatientRoutesDeps): Router {
  const router = Router();
  router.all('/fhir/Patient', (req: Request, res: Response) => handle(deps, req, res));
  return router;
}

async function handle(deps: PatientRoutesDeps, req: Request, res: Response): Promise<void> {
  res.locals.route = 'fhir-patient';
  try {
    if (req.method !== 'PUT' && req.method !== 'DELETE') {
      res.setHeader('Allow', 'PUT, DELETE');
      throw new Refusal(405, 'not-supported', 'the patient identity feed takes PUT (conditional update) and DELETE (conditional delete) on /fhir/Patient?identifier=…');
    }
    admit(deps, req);
    const target = identifierParam(req);
    if (req.method === 'DELETE') {
      await remove(deps.patients, target);
      res.status(204).end();
      return;
    }
    const answer = await feed(deps, req, target);
    res.status(answer.created ? 201 : 200).type(FHIR_JSON).send(JSON.stringify(patientToFhir(answer.ids)));
  } catch (e) {
    answerError(deps, res, e);
  }
}

/** Who may feed: anyone with XUA off; else a system token with one of PATIENT_FEED_SCOPES. */
function admit(deps: PatientRoutesDeps, req: Request): void {
  const auth = authenticateHttp({
    authorization: req.headers.authorization, dpop: typeof req.headers.dpop === 'string' ? req.headers.dpop : undefined,
    method: req.method, url: `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`,
  }, { xua: deps.xua, jwt: deps.jwt }, new Date());
  if (!auth.ok) throw new Refusal(auth.status, auth.status === 401 ? 'login' : 'forbidden', auth.reason);
  if (deps.xua.mode === 'off') return;
  if (auth.context.kind === 'anonymous') throw new Refusal(401, 'login', 'the patient identity feed needs an access token');
  if (!mayFeed(auth.context, deps.config.PATIENT_FEED_SCOPES)) {
    throw new Refusal(403, 'forbidden', 'only a system token with one of PATIENT_FEED_SCOPES may feed the patient cross-reference');
  }
}

const mayFeed = (ctx: SecurityContext, scopes: readonly string[]): boolean =>
  ctx.kind === 'system' && scopes.some((s) => ctx.scopes?.includes(s));

/** The one `identifier=<system>|<value>` of the conditional request. */
function identifierParam(req: Request): Cx {
  const raw = (req.query as Record<string, unknown>).identifier;
  if (typeof raw !== 'string') throw new Refusal(400, 'required', 'the request needs exactly one identifier=urn:oid:<OID>|<id> parameter');
  const cx = identifierTokenToCx(raw);
  if (typeof cx === 'string') throw new Refusal(400, 'invalid', cx);
  return cx;
}

/** ITI-104 add or revise: the Patient must carry the URL's identifier among its own. */
async function feed(deps: PatientRoutesDeps, req: Request, target: Cx): Promise<{ created: boolean; ids: Cx[] }> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(fhir\+)?json\s*(;|$)/i.test(type)) {
    throw new Refusal(415, 'not-supported', `Content-Type ${type || '(none)'} is not accepted; send application/fhir+json`);
  }
  const parsed = patientIdentifiersFromFhir(await readJson(req, deps.config.REQUEST_IDLE_TIMEOUT_MS));
  if (!parsed.ok) throw new Refusal(400, 'invalid', 'the Patient cannot be fed', parsed.problems);
  if (!parsed.ids.some((c) => cxKey(c) === cxKey(target))) {
    throw new Refusal(400, 'invalid', 'the identifier of the request is not one of the Patient\'s identifiers');
  }
  const checked = identityOf(parsed.ids, syntheticIdSeverity(deps.config.METADATA_RULES));
  if (!checked.ok) throw new Refusal(400, 'invalid', 'the Patient cannot be fed', checked.problems.map((d) => ({ expression: 'Patient.identifier', diagnostics: d })));
  const { nationalId, localIds } = checked.identity;
  const before = await deps.patients.resolve(nationalId);
  await deps.patients.link(nationalId, localIds);
  const now = await deps.patients.resolve(nationalId);
  return { created: before === undefined, ids: [nationalId, ...(now?.localIds ?? localIds)] };
}

/** ITI-104 remove: a local id is unlinked; a national id loses all its links. Unknown ids are no error. */
async function remove(patients: PatientIdentityStore, id: Cx): Promise<void> {
  const identity = await patients.resolve(id);
  if (!identity) return;
  const national = cxKey(identity.nationalId) === cxKey(id);
  await patients.unlink(national ? identity.localIds : [id]);
}

async function readJson(req: Request, idleMs: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of requestChunks(req, { maxBytes: PATIENT_BODY_BYTES, idleMs })) chunks.push(c);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal(400, 'structure', 'the body is not JSON');
  }
}

function sendOutcome(res: Response, status: number, body: OperationOutcome): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

function answerError(deps: PatientRoutesDeps, res: Response, e: unknown): void {
  if (e instanceof Refusal) {
    if (e.problems.length === 0) { sendOutcome(res, e.status, operationOutcome(e.code, e.message)); return; }
    const issue = e.problems.map((p) => ({ severity: 'error' as const, code: e.code, diagnostics: p.diagnostics, expression: [p.expression] }));
    sendOutcome(res, e.status, { resourceType: 'OperationOutcome', issue });
    return;
  }
  if (e instanceof SoapFault) {
    // The body limits of transport/http/body.ts: too large (413) or stalled (408).
    sendOutcome(res, e.entry.http, operationOutcome(e.entry.http === 413 ? 'too-costly' : 'transient', e.reason));
    return;
  }
  const correlationId = correlationIdOf(res);
  deps.log.error('the patient identity feed failed', { correlationId, error: e instanceof Error ? e.stack : String(e) });
  sendOutcome(res, 500, operationOutcome('exception', `the patient identity feed could not be processed (correlation id ${correlationId})`));
}
