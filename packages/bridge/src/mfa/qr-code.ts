/** The enrolment QR code as an SVG string, rendered on the server: no script, no image request. */
import QRCode from 'qrcode'

export const qrSvg = (text: string): Promise<string> =>
  QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 })
