// The client's failure paths: a dead server, an answer that is not JSON, a refused token.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, request, setUnauthenticatedHandler } from "./api";
import { TypedDocumentString } from "./gql/graphql";

const doc = new TypedDocumentString<{ invoiceService: { available: boolean } }, Record<string, never>>(
  "query InvoiceService { invoiceService { available } }",
);

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function answer(body: string, status = 200) {
  vi.stubGlobal("fetch", vi.fn(async () => new Response(body, { status })));
}

describe("request", () => {
  it("says the server is unreachable when fetch fails", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(request(doc)).rejects.toThrow("Сервер недоступен. Проверьте соединение и повторите попытку.");
  });
  it("shows the text of an answer that is not JSON", async () => {
    answer("Сервис перегружен, повторите позже.", 503);
    await expect(request(doc)).rejects.toThrow("Сервис перегружен, повторите позже.");
  });
  it("says the status of an empty answer", async () => {
    answer("", 502);
    await expect(request(doc)).rejects.toThrow("Ошибка сервера (502).");
  });
  it("drops the token and signs out on UNAUTHENTICATED", async () => {
    sessionStorage.setItem("kabinet.token", "t");
    const signedOut = vi.fn();
    setUnauthenticatedHandler(signedOut);
    answer(JSON.stringify({ data: null, errors: [{ message: "Войдите снова.", extensions: { code: "UNAUTHENTICATED" } }] }));
    const error = await request(doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("UNAUTHENTICATED");
    expect(sessionStorage.getItem("kabinet.token")).toBeNull();
    expect(signedOut).toHaveBeenCalledOnce();
  });
});
