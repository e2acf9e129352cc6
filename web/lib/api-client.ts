import type { ErrorBody, Issue } from '../../shared/errors';

/**
 * The only place the web app talks HTTP. Components call feature `*.api.ts` functions, which call this;
 * an offline outbox can later be slotted in under them without touching any component.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
/** The session's CSRF token, sent on every write; set at login and when the session is restored. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let csrfRefresher: (() => Promise<unknown>) | null = null;
/**
 * How to get the session's CSRF token again (the auth feature asks the server who is logged in). A write
 * refused with `csrf_failed` is sent once more after it: an app opened offline on the kept session has no
 * token, and when the network returns its outbox may send before the session check has brought one.
 */
export function setCsrfRefresher(refresh: (() => Promise<unknown>) | null): void {
  csrfRefresher = refresh;
}

type Body = unknown;
type RequestOptions = { contentType?: string; signal?: AbortSignal };

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not our error shape (proxy, network device): fall through with the status only.
  }
  return new ApiError(
    res.status,
    body.code ?? 'http_error',
    body.message ?? res.statusText,
    body.issues ?? [],
  );
}

export async function request<T>(
  method: string,
  path: string,
  body?: Body,
  opts: RequestOptions = {},
): Promise<T> {
  try {
    return await send<T>(method, path, body, opts);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'csrf_failed' && csrfRefresher)) throw err;
    await csrfRefresher();
    return send<T>(method, path, body, opts);
  }
}

async function send<T>(method: string, path: string, body: Body, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof Blob || typeof body === 'string') {
    payload = body;
    headers['content-type'] = opts.contentType ?? 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: payload ?? null,
      credentials: 'same-origin',
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'network', []);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export type UploadOptions = {
  contentType: string;
  /** Bytes of the body sent so far (fetch cannot report upload progress; XMLHttpRequest can). */
  onUploadProgress?: (sent: number, total: number) => void;
  /** Each new piece of a successful answer's text, as it arrives (for streamed answers). */
  onText?: (text: string) => void;
  signal?: AbortSignal;
};

/** Sends a file with progress; a 4xx/5xx answer becomes an ApiError, as with `request`. */
export function upload(path: string, body: Blob, opts: UploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', opts.contentType);
    xhr.setRequestHeader('accept', 'application/x-ndjson, application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    let seen = 0;
    const ok = () => xhr.status >= 200 && xhr.status < 300;
    const flush = () => {
      const text = xhr.responseText;
      if (text.length > seen) {
        opts.onText?.(text.slice(seen));
        seen = text.length;
      }
    };
    xhr.upload.onprogress = (e) =>
      opts.onUploadProgress?.(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onprogress = () => {
      if (ok()) flush();
    };
    xhr.onload = () => {
      if (ok()) {
        flush();
        resolve();
        return;
      }
      let err: Partial<ErrorBody> = {};
      try {
        err = JSON.parse(xhr.responseText) as ErrorBody;
      } catch {
        // not our error shape
      }
      reject(
        new ApiError(xhr.status, err.code ?? 'http_error', err.message ?? xhr.statusText, err.issues ?? []),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network', []));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: Body, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body?: Body) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: Body) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | undefined | null>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Issues keyed by path, for showing each message next to its input. */
export function issuesByPath(issues: readonly Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path] ??= i.message;
  return out;
}
