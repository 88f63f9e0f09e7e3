export declare const BUDGET_GZIP_BYTES: number
export declare function buildEmbed(options?: { write?: boolean }): Promise<{
  code: string
  bytes: number
  gzipped: number
  gzipLevel9: number
  brotli: number
}>
