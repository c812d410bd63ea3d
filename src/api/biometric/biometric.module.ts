/**
 * The biometric module over HTTP (API.md §Biometric): enrolment (face, fingerprint, card),
 * 1:1 and multi-modal verification, 1:N identification, card lookup, statistics and erasure.
 * Faces are matched by src/biometrics/face (YuNet + MobileFaceNet) and fingerprints by
 * src/biometrics/fingerprint through the ports in deps; while the face models are missing,
 * face requests answer 503 and everything else still works.
 */
import { z } from 'zod';
import { NotFoundError } from '../../commands/domain-error.js';
import type { IdempotencyStore } from '../../commands/idempotency.js';
import { issueCard, revokeCard } from '../../commands/biometric/biometric-card.service.js';
import {
  enrollFace,
  enrollFingerprint,
  eraseBiometricSubject,
} from '../../commands/biometric/biometric-enrolment.service.js';
import type { BiometricDeps, WiegandDecoder } from '../../commands/biometric/biometric-ports.js';
import { identify, verify, type Sample } from '../../commands/biometric/biometric-recognition.service.js';
import { findCard } from '../../queries/biometric/biometric-cards.query.js';
import { biometricStatistics } from '../../queries/biometric/biometric-statistics.query.js';
import type { ReadDb } from '../../queries/read-db.js';
import type { CommandContext } from '../../events/envelope.js';
import type { ApiModule } from '../app-deps.js';
import { commandContext, idempotent } from '../command-context.js';
import { commandReply, commandResponseSchema } from '../command-http.js';
import { ForbiddenError, ValidationError } from '../http-errors.js';
import { asHttp, cardFrom, fingerprintFrom, IMAGE_BODY_LIMIT, imageBytes } from './biometric-http.js';
import {
  CardLookupBody,
  CardLookupResponse,
  CardParams,
  EnrollBody,
  EnrollResponse,
  IdentifyBody,
  IdentifyResponse,
  StatisticsQuery,
  StatisticsResponse,
  SubjectParams,
  VerifyBody,
  VerifyResponse,
} from './biometric.schemas.js';

export type BiometricModuleDeps = {
  readonly biometrics: Omit<BiometricDeps, 'findCard'> & {
    readonly removeFromIndex: (subjectId: string) => void;
  };
  readonly readDb: ReadDb;
  readonly idempotency: IdempotencyStore;
  readonly decodeWiegand: WiegandDecoder;
};

const tags = ['biometric'];

export function biometricModule(deps: BiometricModuleDeps): ApiModule {
  const service = { ...deps.biometrics, findCard: (n: string) => findCard(deps.readDb, n) };
  return {
    name: 'biometric',
    permissions: {
      'POST /api/biometric/enroll': ['security', 'kiosk'],
      'POST /api/biometric/verify': ['security', 'kiosk'],
      'POST /api/biometric/identify': ['security', 'kiosk'],
      'POST /api/biometric/card-lookup': ['security', 'kiosk'],
      'POST /api/biometric/cards/:cardNumber/revoke': ['security'],
      'GET /api/biometric/statistics': ['security', 'analyst'],
      'DELETE /api/biometric/subjects/:subjectId': ['admin'],
    },
    routes: (app) => {
      app.post(
        '/api/biometric/enroll',
        {
          bodyLimit: IMAGE_BODY_LIMIT,
          schema: { tags, body: EnrollBody, response: { 201: EnrollResponse } },
        },
        async (request, reply) => {
          const body = request.body;
          const roles = request.user?.roles ?? [];
          // A reception kiosk enrols its visitors; employees are enrolled by security.
          if (body.subjectType === 'employee' && !roles.some((r) => r === 'security' || r === 'admin'))
            throw new ForbiddenError('A kiosk may enrol visitors only.');
          const context = commandContext(request);
          const result = await idempotent(request, deps.idempotency, () =>
            asHttp(() => enrol(service, deps.decodeWiegand, body, context)),
          );
          return commandReply(
            reply,
            {
              ...result,
              subjectId: body.subjectId,
              modality: body.modality,
              revision: BigInt(result.revision),
              position: BigInt(result.position),
            },
            { status: 201 },
          );
        },
      );

      app.post(
        '/api/biometric/verify',
        {
          bodyLimit: IMAGE_BODY_LIMIT,
          schema: { tags, body: VerifyBody, response: { 200: VerifyResponse } },
        },
        async (request) =>
          asHttp(async () => {
            const samples = request.body.samples.map((s, i): Sample => {
              if (s.modality === 'fingerprint')
                return { modality: 'fingerprint', sample: fingerprintFrom(s, `body.samples.${i}`) };
              if (s.modality === 'card')
                return { modality: 'card', cardNumber: cardFrom(s, deps.decodeWiegand).cardNumber };
              if (s.image === undefined) return missingImage(`body.samples.${i}.image`);
              return { modality: 'face', image: imageBytes(s.image, `body.samples.${i}.image`) };
            });
            const { subjectId, policy } = request.body;
            return verify(service, { subjectId, samples, policy }, commandContext(request));
          }),
      );

      app.post(
        '/api/biometric/identify',
        {
          bodyLimit: IMAGE_BODY_LIMIT,
          schema: { tags, body: IdentifyBody, response: { 200: IdentifyResponse } },
        },
        async (request) =>
          asHttp(async () => {
            const { modality, image, limit } = request.body;
            if (modality === 'fingerprint')
              return identify(
                service,
                { modality, sample: fingerprintFrom(request.body, 'body'), limit },
                commandContext(request),
              );
            if (modality === 'card')
              throw new ValidationError([
                { path: 'body.modality', message: 'Identify a card with POST /api/biometric/card-lookup.' },
              ]);
            if (image === undefined) return missingImage('body.image');
            return identify(
              service,
              { modality: 'face', image: imageBytes(image, 'body.image'), limit },
              commandContext(request),
            );
          }),
      );

      app.post(
        '/api/biometric/card-lookup',
        { schema: { tags, body: CardLookupBody, response: { 200: CardLookupResponse } } },
        async (request) => {
          const wanted = cardFrom(request.body, deps.decodeWiegand);
          const card = await findCard(deps.readDb, wanted.cardNumber);
          const sameFacility =
            request.body.wiegand === undefined ||
            card?.facilityCode == null ||
            card.facilityCode === wanted.facilityCode;
          if (card === undefined || !sameFacility)
            throw new NotFoundError('No card with this number is known.');
          return card;
        },
      );

      app.post(
        '/api/biometric/cards/:cardNumber/revoke',
        { schema: { tags, params: CardParams, response: { 200: commandResponseSchema() } } },
        async (request, reply) => {
          const cardNumber = String(Number.parseInt(request.params.cardNumber, 10));
          const result = await idempotent(request, deps.idempotency, async () =>
            positions(await revokeCard(service, cardNumber, commandContext(request))),
          );
          return commandReply(
            reply,
            { id: cardNumber, revision: BigInt(result.revision), position: BigInt(result.position) },
            { status: 200 },
          );
        },
      );

      app.get(
        '/api/biometric/statistics',
        { schema: { tags, querystring: StatisticsQuery, response: { 200: StatisticsResponse } } },
        async (request) => biometricStatistics(deps.readDb, request.query),
      );

      app.delete(
        '/api/biometric/subjects/:subjectId',
        { schema: { tags, params: SubjectParams, response: { 204: z.null().describe('Erased') } } },
        async (request, reply) => {
          await eraseBiometricSubject(service, request.params.subjectId, commandContext(request));
          return reply.code(204).send(null);
        },
      );
    },
  };
}

function positions(result: { readonly revision: bigint; readonly position: bigint }) {
  return { revision: result.revision.toString(), position: result.position.toString() };
}

function missingImage(path: string): never {
  throw new ValidationError([{ path, message: 'A face sample needs image.' }]);
}

type EnrolBody = z.infer<typeof EnrollBody>;

/** Issues a card, or enrols a face or a fingerprint. */
async function enrol(
  service: BiometricDeps,
  decodeWiegand: WiegandDecoder,
  body: EnrolBody,
  context: CommandContext,
) {
  if (body.modality === 'card') {
    const card = cardFrom(body, decodeWiegand);
    const issued = await issueCard(
      service,
      { ...card, holderType: body.subjectType, holderId: body.subjectId },
      context,
    );
    return { id: card.cardNumber, templateId: card.cardNumber, quality: 1, ...positions(issued) };
  }
  const subject = { subjectId: body.subjectId, subjectType: body.subjectType };
  const sources = [...(body.image === undefined ? [] : [body.image]), ...(body.images ?? [])];
  const enrolled =
    body.modality === 'fingerprint'
      ? await enrollFingerprint(service, { ...subject, sample: fingerprintFrom(body, 'body') }, context)
      : await enrollFace(
          service,
          { ...subject, images: sources.map((image, i) => imageBytes(image, `body.images.${i}`)) },
          context,
        );
  return {
    id: enrolled.templateId,
    templateId: enrolled.templateId,
    quality: enrolled.quality,
    ...positions(enrolled),
  };
}
