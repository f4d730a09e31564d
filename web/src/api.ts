// The GraphQL client: JSON requests, multipart uploads (GraphQL multipart request spec),
// the bearer token in sessionStorage (never a cookie), top-level errors as exceptions.
import type { TypedDocumentString } from "./gql/graphql";
import trusted from "./gql/persisted-documents.json";

const TRUSTED = trusted as Record<string, string>;

/** The exact text of the trusted-documents manifest, so the server can match it by sha256. */
export function documentText<R, V>(doc: TypedDocumentString<R, V>): string {
  const hash = doc.__meta__?.hash as string | undefined;
  return (hash && TRUSTED[hash]) || doc.toString();
}

const TOKEN_KEY = "kabinet.token";

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** The text to show of a failed request: the API's message, or what was thrown. */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}

let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

type Body = { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

async function send(init: RequestInit, headers: Record<string, string>): Promise<unknown> {
  const token = getToken();
  if (token) headers["authorization"] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch("/graphql", { ...init, method: "POST", headers });
  } catch {
    throw new ApiError("Сервер недоступен. Проверьте соединение и повторите попытку.", null);
  }
  // Read once: after a failed response.json() the body is spent and its text is lost.
  const text = await response.text().catch(() => "");
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    throw new ApiError(text.trim() || `Ошибка сервера (${response.status}).`, null);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? null;
    if (code === "UNAUTHENTICATED") {
      setToken(null);
      onUnauthenticated();
    }
    throw new ApiError(first.message, code);
  }
  return body.data;
}

export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const body = JSON.stringify({ query: documentText(doc), variables: variables ?? {} });
  return (await send({ body }, { "content-type": "application/json" })) as R;
}

/** A request with one file at `path` in the variables (e.g. "input.file"). */
export async function upload<R, V>(doc: TypedDocumentString<R, V>, variables: V, path: string, file: File): Promise<R> {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: documentText(doc), variables }));
  form.append("map", JSON.stringify({ "0": [`variables.${path}`] }));
  form.append("0", file, file.name);
  // A header a cross-site HTML form cannot send: the server's CSRF guard for uploads.
  return (await send({ body: form }, { "x-kabinet-csrf": "1" })) as R;
}
