import { describe, expect, it } from "vitest";
import { amountHint, emailsHint, emailsLength, errorAt, parseNumbers, parseRenameList } from "./validate";

describe("emailsHint (D7, the seed's hint)", () => {
  it("asks for an address when empty or only separators", () => {
    expect(emailsHint("")).toBe("Введите адрес e-mail для доставки счетов.");
    expect(emailsHint(";;")).toBe("Введите адрес e-mail для доставки счетов.");
  });
  it("refuses more than 200 characters, saying how many", () => {
    const text = "a".repeat(190) + "@company.by";
    expect(emailsHint(text)).toBe(`Максимальная длина поля — 200 символов, введено ${text.length}.`);
    expect(emailsHint("a".repeat(189) + "@company.by")).toBeNull();
  });
  it("refuses a space between addresses", () => {
    expect(emailsHint("a@x.by; b@x.by")).toBe("Если адресов несколько, укажите их через «;» без пробела.");
  });
  it("leaves address syntax to the server", () => {
    expect(emailsHint("a@x.by;not-an-address")).toBeNull();
  });
});

describe("amountHint (D12)", () => {
  it.each([
    ["", "Укажите сумму платежа."],
    ["abc", "Укажите сумму платежа числом."],
    ["0", "Сумма платежа должна быть больше нуля."],
    ["1.234", "Сумма платежа указывается в рублях с точностью до копейки (не более двух знаков после запятой)."],
  ])("%j -> %s", (text, hint) => expect(amountHint(text)).toBe(hint));
  it("accepts a comma as the decimal separator", () => expect(amountHint("12,50")).toBeNull());
});

describe("lists", () => {
  it("parses number;name lines and points at a line without a separator", () => {
    const r = parseRenameList("+375291234567;Иванов\n\n+375291234568 Петров\n");
    expect(r.items).toEqual([{ number: "+375291234567", name: "Иванов" }]);
    expect(r.hints).toEqual(["Строка 3: укажите номер и имя через «;»."]);
  });
  it("says an empty list is empty", () => expect(parseRenameList(" \n").hints).toEqual(["Список абонентов пуст."]));
  it("splits numbers by lines, ';' and ','", () => expect(parseNumbers("1;2\n3, 4\n")).toEqual(["1", "2", "3", "4"]));
  it("finds a refusal by its field or an item of it", () => {
    const errors = [{ field: "emails.1", message: "m" }];
    expect(errorAt(errors, "emails")?.message).toBe("m");
    expect(errorAt(errors, "email")).toBeUndefined();
  });
});

describe("emailsLength (D7: the limit counts Unicode characters, as the server does)", () => {
  it("counts a character outside the BMP once", () => {
    expect(emailsLength("я😀@x.by")).toBe(7);
    expect(emailsHint("a".repeat(189) + "@company.😀")).toBeNull(); // 201 UTF-16 units, 200 characters
  });
  it("takes an invisible blank for a space", () => {
    expect(emailsHint("a@x.by;\u200bb@x.by")).toBe("Если адресов несколько, укажите их через «;» без пробела.");
  });
});
