// What flow.mjs and control.mjs share: each request is a step, printed as
// one JSON line {step, status, state?} on stdout, and whatever is not as
// wanted is a Surprise, which the script reports on stderr.

const POLL_INTERVAL_MS = 10;
const MAX_POLLS = 100;

export class Surprise extends Error {}

// print writes a step's line.
export function print(step, status, state) {
  const line = { step, status };
  if (state !== undefined) line.state = state;
  process.stdout.write(JSON.stringify(line) + "\n");
}

// call makes one request, prints its step line and checks its status.
export async function call(step, want, request, stateOf = () => undefined) {
  let res;
  try {
    res = await request();
  } catch (err) {
    if (err.status !== undefined) print(step, err.status);
    throw new Surprise(`${step}: ${err.status ?? "no answer"} (${err.message}), want ${want}`);
  }
  print(step, res.status, stateOf(res.data));
  if (res.status !== want) {
    throw new Surprise(`${step}: ${res.status}, want ${want}`);
  }
  return res.data;
}

// refused makes a request that must fail with status want, and returns the
// failed answer's headers.
export async function refused(step, want, request) {
  try {
    const res = await request();
    print(step, res.status);
  } catch (err) {
    if (err.status === undefined) throw new Surprise(`${step}: no answer (${err.message}), want ${want}`);
    print(step, err.status);
    if (err.status === want) return err.response?.headers ?? {};
    throw new Surprise(`${step}: ${err.status} (${err.message}), want ${want}`);
  }
  throw new Surprise(`${step}: succeeded, want ${want}`);
}

// poll reads until stateOf says want, a bounded number of times.
export async function poll(step, want, request, stateOf) {
  for (let i = 0; i < MAX_POLLS; i++) {
    const data = await call(step, 200, request, stateOf);
    if (stateOf(data) === want) return data;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Surprise(`${step}: not ${want} after ${MAX_POLLS} reads`);
}
