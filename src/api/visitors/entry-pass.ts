/**
 * The entry pass: a signed pass token a guard's scanner verifies offline (JWS, HS256, with
 * `visitId` and `exp`; the key is VISITOR_PASS_SECRET or derived from the master key, see
 * README), the QR carrying it as PNG, and a printable PDF badge.
 */
import { jwtVerify, SignJWT } from 'jose';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const PASS_TYPE = 'visitor-pass+jwt';

export async function signPassToken(
  key: Uint8Array,
  visitId: string,
  badgeNumber: string | null,
  validUntil: Date,
): Promise<string> {
  return new SignJWT({ visitId, badge: badgeNumber })
    .setProtectedHeader({ alg: 'HS256', typ: PASS_TYPE })
    .setIssuedAt()
    .setExpirationTime(Math.floor(validUntil.getTime() / 1000))
    .sign(key);
}

/** What a scanner does: check signature, type and expiry; the visit id if all hold. */
export async function verifyPassToken(
  key: Uint8Array,
  token: string,
  now = new Date(),
): Promise<{ visitId: string; exp: number }> {
  const { payload } = await jwtVerify(token, key, {
    algorithms: ['HS256'],
    typ: PASS_TYPE,
    currentDate: now,
  });
  if (typeof payload.visitId !== 'string' || payload.exp === undefined) throw new Error('not a visitor pass');
  return { visitId: payload.visitId, exp: payload.exp };
}

export function qrPng(passToken: string): Promise<Buffer> {
  return QRCode.toBuffer(passToken, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 300 });
}

export type BadgeContent = {
  readonly visitorName: string;
  readonly company: string | null;
  readonly hostName: string | null;
  readonly purpose: string;
  readonly checkedInAt: string | null;
  readonly validUntil: string;
  readonly badgeNumber: string | null;
  readonly qr: string;
};

/** A credit-card-sized (CR80) badge: who, whose guest, why, when, badge number and the QR. */
export async function badgePdf(badge: BadgeContent): Promise<Buffer> {
  const qr = await qrPng(badge.qr);
  const doc = new PDFDocument({ size: [243, 153], margin: 10, info: { Title: 'Visitor badge' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc
    .fontSize(7)
    .font('Helvetica-Bold')
    .text(`VISITOR ${badge.badgeNumber ?? ''}`, 10, 10);
  doc.fontSize(11).text(badge.visitorName, 10, 22, { width: 140 });
  doc.font('Helvetica').fontSize(7);
  const lines = [
    badge.company ?? '',
    `Host: ${badge.hostName ?? '-'}`,
    `Purpose: ${badge.purpose}`,
    `Checked in: ${badge.checkedInAt ?? '-'}`,
    `Valid until: ${badge.validUntil}`,
  ];
  doc.text(lines.join('\n'), 10, 50, { width: 140 });
  doc.image(qr, 158, 40, { width: 78 });
  doc.end();
  return done;
}
