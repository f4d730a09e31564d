// Hints shown before a form is sent. The server checks everything again and its refusal
// (a Russian message at the field it names) is what counts; these only save a round trip.

export const EMAILS_HINT = 'если адресов несколько, то через ";" без пробела, максимальная длина поля-200 символов';
export const EMAILS_MAX = 200;
// Blanks as domain/recipients.py sees them: any white space and the invisible ones pasted as such.
const BLANK = /[\s\u200b\u2060\ufeff\u180e]/;

/** The length the 200-character limit (D7) counts: Unicode characters, as the server does. */
export function emailsLength(text: string): number {
  return [...text].length;
}

/** D7: a hint while the addresses are typed; never the refusal, which is the API's. */
export function emailsHint(text: string): string | null {
  if ([...text].every((c) => c === ";" || BLANK.test(c))) return "Введите адрес e-mail для доставки счетов.";
  const length = emailsLength(text);
  if (length > EMAILS_MAX) return `Максимальная длина поля — ${EMAILS_MAX} символов, введено ${length}.`;
  if (BLANK.test(text)) return "Если адресов несколько, укажите их через «;» без пробела.";
  return null;
}

export function amountHint(text: string): string | null {
  const value = text.trim().replace(",", ".");
  if (value === "") return "Укажите сумму платежа.";
  if (!/^\d+(\.\d+)?$/.test(value)) return "Укажите сумму платежа числом.";
  if (Number(value) <= 0) return "Сумма платежа должна быть больше нуля.";
  if (!/^\d+(\.\d{1,2})?$/.test(value))
    return "Сумма платежа указывается в рублях с точностью до копейки (не более двух знаков после запятой).";
  return null;
}

export function requiredHint(text: string, label: string): string | null {
  return text.trim() === "" ? `Заполните поле «${label}».` : null;
}

export type RenameLine = { number: string; name: string };

/** A pasted list: one subscriber a line, "номер;имя" (also tab or comma). */
export function parseRenameList(text: string): { items: RenameLine[]; hints: string[] } {
  const items: RenameLine[] = [];
  const hints: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match = /^([^;\t,]+)[;\t,](.*)$/.exec(line);
    if (!match) {
      hints.push(`Строка ${index + 1}: укажите номер и имя через «;».`);
      return;
    }
    items.push({ number: match[1].trim(), name: match[2].trim() });
  });
  if (!items.length && !hints.length) hints.push("Список абонентов пуст.");
  return { items, hints };
}

/** A list of numbers, one a line or separated by ";" / ",". */
export function parseNumbers(text: string): string[] {
  return text
    .split(/[\r\n;,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const isAt = (e: { field?: string | null }, field: string) => e.field === field || (e.field ?? "").startsWith(field + ".");

/** A hint at a field, or null when there is none. */
export function hintAt(field: string | null, message: string | null): { field: string | null; message: string } | null {
  return message ? { field, message } : null;
}

/** The error at a field: "emails" matches "emails" and "emails.2"; "items.3.name" the line. */
export function errorAt<E extends { field?: string | null }>(errors: readonly E[], field: string): E | undefined {
  return errors.find((e) => isAt(e, field));
}

/** The errors at none of `fields` (matched as errorAt does): those shown in the form's list. */
export function unplaced<E extends { field?: string | null }>(errors: readonly E[], fields: readonly string[]): E[] {
  return errors.filter((e) => !fields.some((f) => isAt(e, f)));
}
