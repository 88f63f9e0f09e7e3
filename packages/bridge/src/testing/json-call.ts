/** One JSON request to an in-process app with a bearer token, and its answer read once. */
export interface JsonCallOptions {
  body?: unknown
  raw?: string
  bearer?: string | null
  headers?: Record<string, string>
}

export async function jsonCall(
  app: { request: (url: string, init: RequestInit) => Response | Promise<Response> },
  method: string,
  url: string,
  options: JsonCallOptions & { contentType: string },
) {
  const headers: Record<string, string> = { ...options.headers }
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`
  let body: string | undefined
  if (options.raw !== undefined) body = options.raw
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['Content-Type'] ??= options.contentType
  const response = await app.request(url, { method, headers, body })
  const text = await response.text()
  let json: any // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, json, text }
}
