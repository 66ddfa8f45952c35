import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { SecretSealer } from '@codex-auth/domain';
import { deriveKey } from './derive-key.js';

/** One AES-256 key and the id that sealed values carry to name it. */
export interface SealingKey {
  /** 1-32 characters of `[A-Za-z0-9_-]`; stored beside each value it seals. */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

export interface AesGcmSecretSealerOptions {
  /** Seals every new value; opens those it sealed. */
  readonly current: SealingKey;
  /** Open what they sealed, so values queued before a key rotation still open. */
  readonly previous?: readonly SealingKey[];
}

const VERSION = 'v1';
const IV_BYTES = 12; // GCM's native nonce size (NIST SP 800-38D)
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * AES-256-GCM from node:crypto. A sealed value is `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url
 * parts): a random 96-bit nonce per value, and the version, key id and caller's context as
 * additional authenticated data, so an altered value, one moved to another context, or one whose
 * key id was edited fails authentication instead of opening.
 */
export class AesGcmSecretSealer implements SecretSealer {
  private readonly current: { readonly id: string; readonly key: KeyObject };
  private readonly keys = new Map<string, KeyObject>();

  constructor(options: AesGcmSecretSealerOptions) {
    for (const k of [options.current, ...(options.previous ?? [])]) {
      if (!KEY_ID.test(k.id)) throw new RangeError('sealing key id must be 1-32 characters of [A-Za-z0-9_-]');
      if (k.key.byteLength !== 32) throw new RangeError('sealing key must be 32 bytes (AES-256)');
      if (this.keys.has(k.id)) throw new RangeError(`sealing key id '${k.id}' is given twice`);
      this.keys.set(k.id, createSecretKey(k.key));
    }
    this.current = { id: options.current.id, key: this.keys.get(options.current.id)! };
  }

  async seal(secret: string, context: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(this.current.id, context));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv, body, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  async open(sealed: string, context: string): Promise<string | null> {
    if (typeof sealed !== 'string' || typeof context !== 'string') return null;
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return null;
    const [, id, ivText, bodyText, tagText] = parts as [string, string, string, string, string];
    const key = this.keys.get(id);
    if (key === undefined || ![ivText, bodyText, tagText].every((p) => B64URL.test(p))) return null;
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    // A short tag would weaken authentication: only the full 16 bytes are accepted.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(id, context));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]);
      return plain.toString('utf8');
    } catch {
      // Authentication failed: tampered, another context, or another key under the same id.
      return null;
    }
  }
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`codex-auth:sealed:${VERSION}:${keyId}\n${context}`, 'utf8');
}

/**
 * The sealing key of a SECRET_KEY: HKDF-derived for this purpose only, with an id derived too (it
 * changes when SECRET_KEY does, and says nothing about the key).
 */
export function sealingKeyFrom(secretKey: string): SealingKey {
  return {
    id: deriveKey(secretKey, 'secret-sealing-key-id', 6).toString('base64url'),
    key: deriveKey(secretKey, 'secret-sealing', 32),
  };
}
