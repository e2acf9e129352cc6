import type { FastifyRequest } from 'fastify';

/** FHIR's JSON media type, which every /fhir answer carries (errors included). */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The FHIR base URL as the client reached it: canonical URLs and Bundle links are built from it. */
export const fhirBase = (req: FastifyRequest) => `${req.protocol}://${req.host}/fhir`;
