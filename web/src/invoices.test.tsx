// «Счета»: the recipients' refusal is the API's (D7), and an order of the current charges is
// followed to its end (D9) by polling when the WebSocket is refused.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Charges, Delivery } from "./invoices";

const ACCOUNT = {
  id: "QmlsbGluZ0FjY291bnQ6MQ==",
  number: "1001",
  balance: "10.00",
  downloadablePeriods: ["2026-10"],
  delivery: { method: "EMAIL", emails: ["buh@company.by"], format: "PDF", validFrom: "2026-01-01" },
  invoices: { nodes: [{ id: "SW52b2ljZTox", number: "A-1", period: "2026-10", amountDue: "5.00" }] },
};

type Body = { query: string; variables: Record<string, unknown> };
let sent: Body[] = [];
let answer: (body: Body) => unknown;

beforeEach(() => {
  sent = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as Body;
      sent.push(body);
      const data = body.query.includes("billingAccounts(") ? { billingAccounts: { nodes: [ACCOUNT] } } : answer(body);
      return new Response(JSON.stringify({ data }), { headers: { "content-type": "application/json" } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("Изменить способ/адрес доставки (D7)", () => {
  it("sends a list with a space and shows the API's refusal at the field", async () => {
    const refusal = "Если адресов несколько, укажите их через «;» без пробела.";
    answer = () => ({
      changeDeliveryEmails: {
        delivery: null,
        appliesFromPeriod: null,
        errors: [{ code: "EMAILS_CONTAIN_SPACES", field: "emails", message: refusal }],
      },
    });
    render(<Delivery />);
    fireEvent.click(await screen.findByRole("button", { name: "Далее" }));
    fireEvent.click(await screen.findByRole("button", { name: "Изменить" }));
    fireEvent.click(screen.getByRole("button", { name: "Далее" })); // E-mail, as now
    fireEvent.click(await screen.findByRole("button", { name: "Изменить текущий e-mail" }));
    const field = screen.getByLabelText("Введите адрес e-mail для доставки счетов:");
    fireEvent.input(field, { target: { value: "a@x.by; b@x.by" } });
    // While typing: a hint by the counter, not a refusal at the field.
    expect(screen.getByTestId("emails-counter").textContent).toBe(`14/200 — ${refusal}`);
    expect(document.getElementById("emails-error")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Далее" }));
    await waitFor(() => expect(document.getElementById("emails-error")?.textContent).toBe(refusal));
    const call = sent.find((s) => s.query.includes("changeDeliveryEmails"))!;
    expect(call.variables).toEqual({ input: { billingAccountId: ACCOUNT.id, emails: "a@x.by; b@x.by" } });
    expect(field.getAttribute("aria-describedby")).toBe("emails-hint emails-error");
  });
});

/** A WebSocket that is refused at once (a proxy without WebSocket). */
class RefusedSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 0;
  protocol = "";
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  constructor() {
    setTimeout(() => {
      this.readyState = 3;
      this.onerror?.(new Event("error"));
      this.onclose?.(new CloseEvent("close", { code: 1006, wasClean: false }));
    }, 0);
  }
  send() {}
  close() {}
  addEventListener(type: string, listener: (e: Event) => void) {
    (this as unknown as Record<string, unknown>)[`on${type}`] = listener;
  }
  removeEventListener() {}
}

describe("Начисления за текущий период (D9)", () => {
  it("follows the order to SENT by polling when the socket is refused", async () => {
    vi.stubGlobal("WebSocket", RefusedSocket);
    const report = { id: "Q2hhcmdlc1JlcG9ydDox", email: "buh@company.by" };
    const polled = ["RUNNING", "SENT"];
    answer = (body) =>
      body.query.includes("orderCurrentCharges")
        ? { orderCurrentCharges: { report: { ...report, status: "QUEUED" }, errors: [] } }
        : { chargesReport: { ...report, status: polled.shift() ?? "SENT" } };
    render(<Charges />);
    fireEvent.click(await screen.findByRole("button", { name: "Далее" }));
    await waitFor(
      () => {
        const p = screen.getByTestId("charges-ordered");
        expect(p.dataset.status).toBe("SENT");
        expect(p.dataset.via).toBe("poll");
      },
      { timeout: 5000 },
    );
    expect(screen.getByTestId("charges-ordered").textContent).toContain("отправлено");
    expect(sent.filter((s) => s.query.includes("query ChargesReport")).length).toBe(2);
  });
});
