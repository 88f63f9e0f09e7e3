/** The enrolment QR code as an SVG string, rendered on the server: no script, no image request. */

// Loaded on the first enrolment only: most processes never draw a QR code.
export async function qrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode')
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 })
}
