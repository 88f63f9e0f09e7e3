// Unit and integration tests talk to loopback only: anything else is a bug in the test.
const realFetch = globalThis.fetch
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`network blocked in tests: ${url.origin}`)
  }
  return realFetch(input, init)
}
