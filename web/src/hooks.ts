import { useCallback, useEffect, useState } from "preact/hooks";
import { errorText, request } from "./api";
import type { TypedDocumentString } from "./gql/graphql";
import type { FieldError } from "./ui";
import { errorAt } from "./validate";

export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables?: V) {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(variables ?? {});
  const load = useCallback(() => {
    setError(null);
    request(doc, variables).then(setData, (e: unknown) => setError(errorText(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, key]);
  useEffect(load, [load]);
  return { data, error, reload: load };
}

/** A form's sending: `busy` while `send` runs; `errors` are the refusals it returns (its
 * payload's), or the top-level error as one refusal. Hints found before sending are shown
 * the same way (`hold`); `at(field)` is the message at a field. */
export function useSubmit() {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  async function run(send: () => Promise<readonly FieldError[]>): Promise<void> {
    setBusy(true);
    setErrors([]);
    try {
      setErrors([...(await send())]);
    } catch (e) {
      setErrors([{ message: errorText(e) }]);
    } finally {
      setBusy(false);
    }
  }
  /** Shows the hints found (nulls are none) instead of sending; true when there is any. */
  function hold(hints: readonly (FieldError | null)[]): boolean {
    const found = hints.filter((h): h is FieldError => h !== null);
    setErrors(found);
    return found.length > 0;
  }
  const at = (field: string) => errorAt(errors, field)?.message ?? null;
  return { errors, setErrors, busy, run, hold, at };
}
