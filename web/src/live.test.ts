import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { follow, type Subscribe, type Via } from "./live";

type J = { status: string; progress: number };
const isEnd = (j: J) => j.status === "DONE" || j.status === "FAILED";

/** A subscription driven by the test: it keeps the sink so the test can push, end or break it. */
function fakeSubscription() {
  let sink: Parameters<Subscribe<J>>[0] | undefined;
  const stopped = { count: 0 };
  const subscribe: Subscribe<J> = (s) => {
    sink = s;
    return () => void stopped.count++;
  };
  return { subscribe, sink: () => sink!, stopped };
}

describe("follow (D3: progress by subscription, polling as the fallback)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("follows the subscription to the end and never polls", async () => {
    const sub = fakeSubscription();
    const poll = vi.fn(async () => ({ status: "RUNNING", progress: 0 }));
    const seen: [J, Via][] = [];
    follow({ subscribe: sub.subscribe, poll, isEnd, onData: (j, v) => seen.push([j, v]), ms: 500 });
    sub.sink().next({ status: "RUNNING", progress: 40 });
    sub.sink().next({ status: "DONE", progress: 100 });
    sub.sink().complete();
    await vi.advanceTimersByTimeAsync(5000);
    expect(poll).not.toHaveBeenCalled();
    expect(seen).toEqual([
      [{ status: "RUNNING", progress: 40 }, "subscription"],
      [{ status: "DONE", progress: 100 }, "subscription"],
    ]);
  });

  it("polls when the socket fails, until the end", async () => {
    const sub = fakeSubscription();
    const answers: J[] = [
      { status: "RUNNING", progress: 10 },
      { status: "RUNNING", progress: 60 },
      { status: "DONE", progress: 100 },
    ];
    const poll = vi.fn(async () => answers.shift() ?? null);
    const seen: [J, Via][] = [];
    follow({ subscribe: sub.subscribe, poll, isEnd, onData: (j, v) => seen.push([j, v]), ms: 500 });
    sub.sink().error(new Error("WebSocket refused"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(poll).toHaveBeenCalledTimes(3); // stops at DONE
    expect(seen.map(([j, v]) => [j.progress, v])).toEqual([
      [10, "poll"],
      [60, "poll"],
      [100, "poll"],
    ]);
  });

  it("polls when the socket closes before the end (complete without DONE/FAILED)", async () => {
    const sub = fakeSubscription();
    const poll = vi.fn(async () => ({ status: "FAILED", progress: 30 }));
    const seen: Via[] = [];
    follow({ subscribe: sub.subscribe, poll, isEnd, onData: (_, v) => seen.push(v), ms: 500 });
    sub.sink().next({ status: "RUNNING", progress: 30 });
    sub.sink().complete();
    await vi.advanceTimersByTimeAsync(5000);
    expect(poll).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(["subscription", "poll"]);
  });

  it("keeps polling through a failed poll, and stop ends both", async () => {
    const sub = fakeSubscription();
    let calls = 0;
    const poll = vi.fn(async () => {
      calls++;
      if (calls === 1) throw new Error("network");
      return { status: "RUNNING", progress: calls };
    });
    const stop = follow({ subscribe: sub.subscribe, poll, isEnd, onData: () => {}, ms: 500 });
    sub.sink().error(new Error("closed 1006"));
    await vi.advanceTimersByTimeAsync(1200);
    expect(poll.mock.calls.length).toBeGreaterThanOrEqual(3);
    stop();
    const after = poll.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(poll.mock.calls.length).toBe(after);
    expect(sub.stopped.count).toBe(1);
  });
});
