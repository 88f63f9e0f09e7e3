// The callback form from a Node request: what a body parser already produced, else the stream.
import type { IncomingMessage } from 'node:http'
import {
  declaredTooLarge,
  formTooLarge,
  isFormContentType,
  MAX_FORM_BYTES,
  notAForm,
} from './form-body.js'

export type NodeRequest = IncomingMessage & { body?: unknown }

export async function readNodeForm(
  req: NodeRequest,
): Promise<URLSearchParams | Record<string, string | undefined>> {
  if (!isFormContentType(req.headers['content-type'])) throw notAForm()
  const parsed = req.body
  if (typeof parsed === 'string') return new URLSearchParams(parsed)
  if (parsed instanceof Uint8Array) return new URLSearchParams(new TextDecoder().decode(parsed))
  // Express 4 sets `req.body = {}` in every body parser, even one that left the stream alone.
  // `readableEnded`, not `complete`: a fully received body may still sit unread in the stream.
  const streamRead = req.readableEnded
  if (typeof parsed === 'object' && parsed !== null && (streamRead || !isEmpty(parsed))) {
    return parsed as Record<string, string | undefined>
  }
  if (streamRead) return new URLSearchParams()
  if (declaredTooLarge(req.headers['content-length'])) throw formTooLarge()
  return new URLSearchParams(await readStream(req))
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0
}

function readStream(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_FORM_BYTES) {
        cleanup()
        // Stop reading; the adapter answers with `Connection: close`, which ends the upload.
        req.pause()
        reject(formTooLarge())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}
