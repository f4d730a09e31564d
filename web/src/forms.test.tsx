// The forms show their hints at the field before anything is sent, and the API's refusal
// (its Russian message) at the field it names.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Payments, Rename } from "./screens";

type Reply = { data: unknown };
// Answers by the root field the query names; lists are empty unless a test says otherwise.
const LISTS: Record<string, Reply> = {
  "payments(": { data: { payments: { nodes: [] } } },
  "renameRequests(": { data: { renameRequests: { nodes: [] } } },
};
let replies: ((body: { query: string; variables: unknown }) => Reply)[] = [];
let sent: { query: string; variables: Record<string, unknown> }[] = [];

beforeEach(() => {
  sent = [];
  replies = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      sent.push(body);
      const list = Object.entries(LISTS).find(([k]) => body.query.includes(k));
      const reply = list ? list[1] : (replies.shift() ?? (() => ({ data: {} })))(body);
      return new Response(JSON.stringify(reply), { headers: { "content-type": "application/json" } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});


describe("Платежи: registering an unconfirmed payment", () => {
  it("shows the hint at the amount and sends nothing", async () => {
    render(<Payments />);
    fireEvent.input(screen.getByLabelText("Сумма, BYN"), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Зарегистрировать" }));
    const amount = screen.getByLabelText("Сумма, BYN");
    await waitFor(() => expect(document.getElementById("amount-error")?.textContent).toBe("Сумма платежа должна быть больше нуля."));
    expect(amount.getAttribute("aria-describedby")).toBe("amount-error");
    expect(document.getElementById("paidOn-error")?.textContent).toBe("Заполните поле «Дата платежа».");
    expect(sent.filter((s) => s.query.includes("registerPayment"))).toEqual([]);
  });

  it("puts the API's refusal at the field it names", async () => {
    replies.push(() => ({
      data: {
        registerPayment: {
          payment: null,
          errors: [{ code: "INVALID_DATE", field: "paidOn", message: "Дата платежа не может быть позже сегодняшней." }],
        },
      },
    }));
    render(<Payments />);
    fireEvent.input(screen.getByLabelText("Сумма, BYN"), { target: { value: "10,50" } });
    fireEvent.input(screen.getByLabelText("Дата платежа"), { target: { value: "2030-01-01" } });
    fireEvent.input(screen.getByLabelText("Номер платежного документа"), { target: { value: "77" } });
    fireEvent.click(screen.getByRole("button", { name: "Зарегистрировать" }));
    await waitFor(() =>
      expect(document.getElementById("paidOn-error")?.textContent).toBe("Дата платежа не может быть позже сегодняшней."),
    );
    const call = sent.find((s) => s.query.includes("registerPayment"))!;
    expect(call.variables).toEqual({ input: { amount: "10.50", paidOn: "2030-01-01", documentNumber: "77", bank: null } });
  });
});

describe("Переименование абонента: a list", () => {
  it("points at the line without a separator before sending", async () => {
    render(<Rename />);
    fireEvent.click(screen.getByLabelText("Списком"));
    fireEvent.input(screen.getByLabelText("Список: в каждой строке номер и имя через «;»"), {
      target: { value: "+375291234567;Иванов\n+375291234568" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Переименовать" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Строка 2: укажите номер и имя через «;»."));
    expect(sent.filter((s) => s.query.includes("renameSubscribers"))).toEqual([]);
  });

  it("shows one subscriber's hints at its fields and sends nothing", async () => {
    render(<Rename />);
    fireEvent.input(screen.getByLabelText("Номер абонента"), { target: { value: "+375291234567" } });
    fireEvent.click(screen.getByRole("button", { name: "Переименовать" }));
    await waitFor(() => expect(document.getElementById("rename-name-error")?.textContent).toBe("Заполните поле «Новое имя»."));
    expect(document.getElementById("rename-number-error")).toBeNull();
    expect(sent.filter((s) => s.query.includes("renameSubscribers"))).toEqual([]);
  });

  it("shows each line's refusal from a dry run", async () => {
    replies.push(
      () => ({
        data: {
          renameSubscribers: {
            request: null,
            errors: [],
            lines: [
              { position: 0, number: "+375291234567", ok: true, status: null, error: null },
              {
                position: 1,
                number: "+375290000000",
                ok: false,
                status: null,
                error: { code: "UNKNOWN_SUBSCRIBER", field: "items.1.number", message: "Абонент с номером +375290000000 не найден среди абонентов клиента." },
              },
            ],
          },
        },
      }),
    );
    render(<Rename />);
    fireEvent.click(screen.getByLabelText("Списком"));
    fireEvent.input(screen.getByLabelText("Список: в каждой строке номер и имя через «;»"), {
      target: { value: "+375291234567;Иванов\n+375290000000;Петров" },
    });
    fireEvent.click(screen.getByLabelText("Только проверить, не сохраняя"));
    fireEvent.click(screen.getByRole("button", { name: "Проверить" }));
    await waitFor(() => expect(screen.getByTestId("line-results").textContent).toContain("не найден среди абонентов клиента"));
    expect(screen.getByTestId("rename-result").textContent).toBe("Проверка без сохранения: строк без ошибок 1, с ошибками 1.");
    const call = sent.find((s) => s.query.includes("renameSubscribers"))!;
    expect(call.variables).toMatchObject({ input: { dryRun: true, idempotencyKey: null } });
  });
});
