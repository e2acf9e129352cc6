import type {
  ContextConfigDefault,
  FastifyInstance,
  HTTPMethods,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z, ZodType } from 'zod';
import type { RouteAccess } from './access';
import { errorResponses } from './openapi';

/** The path parameter of a route on one record by its id (`/api/x/:id`). */
export const IdParams = z.strictObject({ id: z.uuid() });

type Optional = ZodType | undefined;
/** The answers of a route: the schema of its 200, or its schemas by status (201, 204, …). */
type Answers = ZodType | Readonly<Record<number, ZodType>>;
type ResponseOf<R extends Answers> = (R extends ZodType ? { 200: R } : R) & typeof errorResponses;
type SchemaOf<P, Q, B, R extends Answers> = { params: P; querystring: Q; body: B; response: ResponseOf<R> };

/**
 * One API route as data: who may call it (`config.access`), its OpenAPI text, the zod schemas that
 * validate it and document it, and its handler, typed from those schemas as Fastify's own call would be.
 */
export type ApiRoute<P extends Optional, Q extends Optional, B extends Optional, R extends Answers> = {
  access: RouteAccess;
  summary: string;
  description?: string;
  /** OpenAPI security of a route not called with the session (the report exchange's bearer token). */
  security?: ReadonlyArray<Record<string, readonly string[]>>;
  params?: P;
  querystring?: Q;
  body?: B;
  bodyLimit?: number;
  reply: R;
  handler: RouteHandlerMethod<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    RouteGenericInterface,
    ContextConfigDefault,
    SchemaOf<P, Q, B, R>,
    ZodTypeProvider
  >;
};

/** The `?version=` of a delete: the version the client read (409 if it changed since). */
export const VersionQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

/** The answer of a route that answers with no body (a delete, a setting saved): 204. */
export const NO_CONTENT = { 204: z.null() };

/** Waits for `work`, then answers 204 with no body (`NO_CONTENT`). */
export async function sendNoContent<R extends { code(statusCode: number): { send(payload: null): unknown } }>(
  reply: R,
  work: Promise<unknown>,
): Promise<R> {
  await work;
  reply.code(204).send(null);
  return reply;
}

type DeleteRequest = Parameters<
  ApiRoute<typeof IdParams, typeof VersionQuery, undefined, typeof NO_CONTENT>['handler']
>[0];

/**
 * The route of a delete of one record by its id, with the `?version=` the client read (409 if it changed
 * since): `remove(req, id, version)` does the delete, the route answers 204 with no body.
 */
export function deleteWithVersion(
  access: RouteAccess,
  summary: string,
  remove: (req: DeleteRequest, id: string, version: number) => Promise<unknown>,
): ApiRoute<typeof IdParams, typeof VersionQuery, undefined, typeof NO_CONTENT> {
  return {
    access,
    summary,
    params: IdParams,
    querystring: VersionQuery,
    reply: NO_CONTENT,
    handler: async (req, reply) => sendNoContent(reply, remove(req, req.params.id, req.query.version)),
  };
}

/** The answers of an idempotent create (`sendCreated`): the record, with 201 or 200. */
export const createdOrStored = <S extends ZodType>(record: S) => ({ 200: record, 201: record });

/**
 * Answers an idempotent create with what its service returns (`{ birth, created }`, `{ client, created }`,
 * …): 201 with the record when this request made it, 200 with the one already stored under that id.
 */
export function sendCreated<R extends { code(statusCode: number): { send(payload: unknown): unknown } }>(
  reply: R,
  result: { created: boolean } & Record<string, unknown>,
): R {
  const { created, ...rest } = result;
  const [record] = Object.values(rest);
  reply.code(created ? 201 : 200).send(record);
  return reply;
}

/**
 * The route declarer of one feature: `route('PUT /api/x/:id', { access, summary, params, body, reply,
 * handler })`. It adds what every API route has, so no route can leave it out: the feature's OpenAPI
 * tags and the one error shape on every 4xx/5xx status.
 */
export function apiRoutes(app: FastifyInstance, tags: readonly string[]) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  return function route<
    P extends Optional = undefined,
    Q extends Optional = undefined,
    B extends Optional = undefined,
    R extends Answers = ZodType,
  >(methodAndUrl: `${Uppercase<HTTPMethods>} /${string}`, spec: ApiRoute<P, Q, B, R>): void {
    const [method, url] = methodAndUrl.split(' ') as [Uppercase<HTTPMethods>, string];
    const { access, summary, description, security, params, querystring, body, bodyLimit, reply, handler } =
      spec;
    r.route({
      method,
      url,
      ...(bodyLimit === undefined ? {} : { bodyLimit }),
      config: { access },
      schema: {
        tags: [...tags],
        summary,
        ...(description === undefined ? {} : { description }),
        ...(security === undefined ? {} : { security }),
        ...(params === undefined ? {} : { params }),
        ...(querystring === undefined ? {} : { querystring }),
        ...(body === undefined ? {} : { body }),
        response: { ...(reply instanceof ZodType ? { 200: reply } : reply), ...errorResponses },
      },
      handler: handler as RouteHandlerMethod,
    });
  };
}
