/**
 * tls-server-end-point (RFC 5929 §4.1): the hash of the server certificate's DER, with the
 * hash function of the certificate's own signature algorithm, except that MD5 and SHA-1
 * become SHA-256. Node 20's X509Certificate does not name the signature algorithm, so the
 * few bytes needed are read from the DER here (RFC 5280 §4.1: Certificate ::= SEQUENCE {
 * tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue }).
 */
import { createHash } from 'node:crypto';

/** Signature algorithm OID (DER content bytes, hex) → hash to use (RFC 5929 §4.1 already applied). */
const SIG_HASH: Readonly<Record<string, string>> = {
  '2a864886f70d010104': 'sha256', // md5WithRSAEncryption
  '2a864886f70d010105': 'sha256', // sha1WithRSAEncryption
  '2a864886f70d01010e': 'sha224',
  '2a864886f70d01010b': 'sha256',
  '2a864886f70d01010c': 'sha384',
  '2a864886f70d01010d': 'sha512',
  '2a8648ce3d0401': 'sha256', // ecdsa-with-SHA1
  '2a8648ce3d040301': 'sha224',
  '2a8648ce3d040302': 'sha256',
  '2a8648ce3d040303': 'sha384',
  '2a8648ce3d040304': 'sha512',
  '2a8648ce380403': 'sha256', // dsa-with-sha1
  '608648016503040302': 'sha256', // dsa-with-sha256
};

/** RSASSA-PSS (RFC 4055 §3.1): the hash is a parameter, SHA-1 by default. */
const RSA_PSS = '2a864886f70d01010a';
const HASH_OIDS: Readonly<Record<string, string>> = {
  '2b0e03021a': 'sha256', // sha1
  '608648016503040204': 'sha224',
  '608648016503040201': 'sha256',
  '608648016503040202': 'sha384',
  '608648016503040203': 'sha512',
};

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER TLV at `off` (definite lengths only, as DER requires). */
function tlv(der: Buffer, off: number): Tlv {
  const tag = der[off] as number;
  let len = der[off + 1] as number;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new RangeError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] as number);
    start += n;
  }
  const end = start + len;
  if (end > der.length) throw new RangeError('truncated DER');
  return { tag, start, end };
}

/** The hash name for the certificate's tls-server-end-point, or null when RFC 5929 leaves it undefined (EdDSA, unknown). */
export function serverEndPointHash(der: Buffer): string | null {
  try {
    const cert = tlv(der, 0);
    const tbs = tlv(der, cert.start);
    const alg = tlv(der, tbs.end);
    const oid = tlv(der, alg.start);
    if (alg.tag !== 0x30 || oid.tag !== 0x06) return null;
    const hex = der.subarray(oid.start, oid.end).toString('hex');
    if (hex !== RSA_PSS) return SIG_HASH[hex] ?? null;
    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... }
    if (oid.end >= alg.end) return 'sha256';
    const params = tlv(der, oid.end);
    if (params.start >= params.end || der[params.start] !== 0xa0) return 'sha256';
    const explicit = tlv(der, params.start);
    const hashAlg = tlv(der, explicit.start);
    const hashOid = tlv(der, hashAlg.start);
    return HASH_OIDS[der.subarray(hashOid.start, hashOid.end).toString('hex')] ?? null;
  } catch {
    return null;
  }
}

/** RFC 5929 §4.1 channel-binding data for the server certificate `der`, or null (see above). */
export function serverEndPointData(der: Buffer): Buffer | null {
  const hash = serverEndPointHash(der);
  return hash ? createHash(hash).update(der).digest() : null;
}
