/*
 * bindings/js: TypeScript declarations of cliquet.mjs, the idiomatic API
 * over include/cliquet.h. Checked by test/types.test.js (tsc --strict).
 * SPDX-License-Identifier: Apache-2.0
 */

/** Bytes in: a Uint8Array, or a string taken as its UTF-8. */
export type BytesLike = Uint8Array | string;

/** The names cliquet_strerror() gives (include/cliquet.h, "Status codes"). */
export type CliquetStatus =
    | "CLIQUET_ERR_NOT_INITIALISED" | "CLIQUET_ERR_INIT_FAILED"
    | "CLIQUET_ERR_INVALID_ARGUMENT" | "CLIQUET_ERR_OUTPUT_TOO_SMALL"
    | "CLIQUET_ERR_INPUT_TOO_LARGE" | "CLIQUET_ERR_NO_MEMORY" | "CLIQUET_ERR_UNSUPPORTED"
    | "CLIQUET_ERR_BAD_BASE64" | "CLIQUET_ERR_BAD_KEY_LENGTH" | "CLIQUET_ERR_BAD_KEY"
    | "CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH" | "CLIQUET_ERR_BAD_PADDING"
    | "CLIQUET_ERR_ZERO_SHARED_SECRET" | "CLIQUET_ERR_BAD_SIGNATURE"
    | "CLIQUET_ERR_BAD_MESSAGE_VERSION" | "CLIQUET_ERR_BAD_MESSAGE_FORMAT"
    | "CLIQUET_ERR_BAD_MESSAGE_MAC" | "CLIQUET_ERR_BAD_MESSAGE_KEY_ID"
    | "CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE" | "CLIQUET_ERR_DUPLICATE_MESSAGE"
    | "CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX" | "CLIQUET_ERR_BAD_SESSION_KEY"
    | "CLIQUET_ERR_WRONG_SESSION" | "CLIQUET_ERR_BAD_MESSAGE_TYPE"
    | "CLIQUET_ERR_NO_FALLBACK_KEY" | "CLIQUET_ERR_TOO_MANY_KEYS"
    | "CLIQUET_ERR_PICKLE_BAD_KEY" | "CLIQUET_ERR_PICKLE_WRONG_TYPE"
    | "CLIQUET_ERR_PICKLE_UNKNOWN_VERSION" | "CLIQUET_ERR_PICKLE_CORRUPTED"
    | "CLIQUET_ERR_PICKLE_LOSSY" | "CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT"
    | "CLIQUET_ERR_PICKLE_EXTRA_DATA" | "CLIQUET_ERR_SAS_NO_THEIR_KEY"
    | "CLIQUET_ERR_ECIES_NOT_ESTABLISHED" | "CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED"
    | "CLIQUET_ERR_MESSAGE_OUT_OF_ORDER" | "CLIQUET_ERR_UNCONNECTED_SESSIONS"
    | "CLIQUET_ERR_MESSAGE_INDEX_REUSED" | "CLIQUET_ERR_ACCOUNT_NO_SEED"
    | "CLIQUET_ERR_BAD_NONCE_LENGTH" | "CLIQUET_ERR_UNKNOWN";

/** Every failed cliquet call throws this (misused arguments throw TypeError). */
export class CliquetError extends Error {
    readonly name: "CliquetError";
    /** The C status name, e.g. "CLIQUET_ERR_BAD_MESSAGE_MAC". */
    readonly status: CliquetStatus;
    /** The C status number (cliquet_status). */
    readonly code: number;
    /** The C function that failed, e.g. "cliquet_session_decrypt". */
    readonly func: string;
}

/** emscripten options: where cliquet.wasm is, or its bytes. */
export interface InitOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?: (name: string, prefix: string) => string;
    [option: string]: unknown;
}

/** Loads cliquet.wasm and starts cliquet; await it before any other call. */
export function init(options?: InitOptions): Promise<void>;
export function version(): string;
export function aesImplementation(): "bitsliced" | "hardware";
export function base64Encode(bytes: Uint8Array): string;
export function base64Decode(text: string): Uint8Array;
export function sha256(message: BytesLike): string;
/** Returns if the signature is valid; throws CliquetError otherwise. */
export function verifyEd25519(key: string, message: BytesLike, signature: string): void;

/**
 * vodozemac's SessionConfig (olm:: and megolm::; include/cliquet.h,
 * cliquet_session_config): "v1", what every Matrix client speaks and the
 * default, or "v2", the whole 32-byte MAC: EXPERIMENTAL, read only by peers
 * known to speak it (docs/session-config.md). A session keeps its config in
 * native pickles; libolm's format refuses a "v2" session
 * (CLIQUET_ERR_PICKLE_LOSSY).
 */
export type SessionConfig = "v1" | "v2";
export const SessionConfig: { readonly V1: "v1"; readonly V2: "v2" };

/** The options of the constructors that make sessions; omitted: "v1". */
export interface SessionOptions {
    config?: SessionConfig;
}

/** What every object has: free() wipes and frees it now (a finalizer does it otherwise). */
declare abstract class Handle {
    protected constructor();
    free(): void;
    readonly freed: boolean;
}

export interface OneTimeKey {
    keyId: string;
    key: string;
}

/**
 * A dehydrated device (MSC3814, since 1.2; docs/dehydrated-devices.md): an
 * account's identity keys, one-time keys and fallback key sealed for the
 * server, as MSC3814's device_data ("org.matrix.msc3814.v2") carries them.
 */
export interface DehydratedDevice {
    /** device_pickle: the ChaCha20-Poly1305 ciphertext, unpadded base64. */
    ciphertext: string;
    /** nonce: 12 random bytes, unpadded base64 (16 characters). */
    nonce: string;
}

export class Account extends Handle {
    static create(): Account;
    static fromPickle(pickle: string, key: Uint8Array): Account;
    static fromLibolmPickle(pickle: string, key: BytesLike): Account;
    /**
     * A new account from a dehydrated device and its 32-byte key, its keys
     * marked published. CliquetError: CLIQUET_ERR_BAD_KEY_LENGTH,
     * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_NONCE_LENGTH,
     * CLIQUET_ERR_PICKLE_BAD_KEY (a wrong key or nonce, changed bytes),
     * CLIQUET_ERR_PICKLE_UNKNOWN_VERSION, CLIQUET_ERR_PICKLE_CORRUPTED,
     * CLIQUET_ERR_PICKLE_EXTRA_DATA, CLIQUET_ERR_TOO_MANY_KEYS,
     * CLIQUET_ERR_INPUT_TOO_LARGE.
     */
    static fromDehydratedDevice(device: DehydratedDevice, key: Uint8Array): Account;
    /**
     * The account sealed under a 32-byte key with a fresh nonce; the account
     * is not changed. CliquetError: CLIQUET_ERR_BAD_KEY_LENGTH,
     * CLIQUET_ERR_ACCOUNT_NO_SEED (an account from a libolm pickle).
     */
    dehydrate(key: Uint8Array): DehydratedDevice;
    pickle(key: Uint8Array): string;
    pickleLibolm(key: BytesLike): string;
    readonly identityKeys: { curve25519: string; ed25519: string };
    sign(message: BytesLike): string;
    /** Returns how many old keys it evicted. */
    generateOneTimeKeys(count: number): number;
    readonly maxOneTimeKeys: number;
    oneTimeKeys(): OneTimeKey[];
    markKeysAsPublished(): void;
    generateFallbackKey(): void;
    fallbackKey(): OneTimeKey | null;
    forgetOldFallbackKey(): void;
}

export const OlmMessageType: { readonly PRE_KEY: 0; readonly NORMAL: 1 };

export interface OlmMessage {
    type: 0 | 1;
    body: string;
}

/** A decrypted Olm message and what authenticated it. */
export interface OlmDecrypted {
    plaintext: Uint8Array;
    /** The sender's Curve25519 identity key. */
    senderKey: string;
    sessionId: string;
    /** Skipped message keys and receiver chains this decryption evicted. */
    evictedMessageKeys: number;
    evictedChains: number;
}

export interface InboundCreated extends OlmDecrypted {
    session: Session;
}

export class Session extends Handle {
    static createOutbound(account: Account, theirIdentityKey: string, theirOneTimeKey: string,
                          options?: SessionOptions): Session;
    /** A message of another config than options.config: CLIQUET_ERR_BAD_MESSAGE_VERSION. */
    static createInbound(account: Account, preKeyMessage: string, theirIdentityKey?: string | null,
                         options?: SessionOptions): InboundCreated;
    static fromPickle(pickle: string, key: Uint8Array): Session;
    static fromLibolmPickle(pickle: string, key: BytesLike, theirIdentityKey: string): Session;
    pickle(key: Uint8Array): string;
    pickleLibolm(key: BytesLike): string;
    readonly id: string;
    readonly theirIdentityKey: string;
    readonly config: SessionConfig;
    readonly hasReceivedMessage: boolean;
    readonly messageType: 0 | 1;
    matchesInbound(preKeyMessage: string, theirIdentityKey?: string | null): boolean;
    encrypt(plaintext: BytesLike): OlmMessage;
    decrypt(message: OlmMessage): OlmDecrypted;
    decrypt(type: number, body: string): OlmDecrypted;
}

export class OutboundGroupSession extends Handle {
    static create(options?: SessionOptions): OutboundGroupSession;
    static fromPickle(pickle: string, key: Uint8Array): OutboundGroupSession;
    static fromLibolmPickle(pickle: string, key: BytesLike): OutboundGroupSession;
    pickle(key: Uint8Array): string;
    pickleLibolm(key: BytesLike): string;
    readonly id: string;
    readonly config: SessionConfig;
    readonly messageIndex: number;
    readonly sessionKey: string;
    encrypt(plaintext: BytesLike): string;
}

export type ReplayVerdict = "off" | "first-time" | "same-message" | "untracked";
export type SessionOrdering = "equal" | "better" | "worse" | "unconnected";

/** A decrypted Megolm message and what authenticated it. */
export interface MegolmDecrypted {
    plaintext: Uint8Array;
    messageIndex: number;
    verified: boolean;
    /** From an unsigned export: only as authentic as whoever gave it. */
    imported: boolean;
    sessionId: string;
    replay: ReplayVerdict;
}

export class InboundGroupSession extends Handle {
    /** A session key does not carry its config: options.config says it. */
    static create(sessionKey: string, options?: SessionOptions): InboundGroupSession;
    static import(exported: string, options?: SessionOptions): InboundGroupSession;
    static fromPickle(pickle: string, key: Uint8Array): InboundGroupSession;
    static fromLibolmPickle(pickle: string, key: BytesLike): InboundGroupSession;
    pickle(key: Uint8Array): string;
    pickleLibolm(key: BytesLike, options?: { lossy?: boolean }): string;
    readonly id: string;
    readonly config: SessionConfig;
    readonly firstKnownIndex: number;
    readonly isVerified: boolean;
    readonly isImported: boolean;
    export(index?: number): string;
    decrypt(message: string): MegolmDecrypted;
    compare(other: InboundGroupSession): SessionOrdering;
    merge(other: InboundGroupSession): InboundGroupSession;
    advanceTo(index: number): boolean;
    setReplayDetection(on: boolean): void;
    readonly replayDetection: { on: boolean; entries: number; evicted: number };
}

export interface LegacyBackup {
    ciphertext: string;
    mac: string;
    ephemeral: string;
}

export class PkEncryption extends Handle {
    static create(recipientKey: string): PkEncryption;
    encryptLegacyBackup(plaintext: BytesLike): LegacyBackup;
}

export class PkDecryption extends Handle {
    static create(): PkDecryption;
    static fromPrivateKey(privateKey: Uint8Array): PkDecryption;
    static fromPickle(pickle: string, key: Uint8Array): PkDecryption;
    static fromLibolmPickle(pickle: string, key: BytesLike): PkDecryption;
    pickle(key: Uint8Array): string;
    pickleLibolm(key: BytesLike): string;
    readonly publicKey: string;
    privateKey(): Uint8Array;
    decryptLegacyBackup(backup: LegacyBackup): Uint8Array;
}

export class PkSigning extends Handle {
    static create(): PkSigning;
    static fromSeed(seed: Uint8Array): PkSigning;
    seed(): Uint8Array;
    readonly publicKey: string;
    sign(message: BytesLike): string;
}

export class Sas extends Handle {
    static create(): Sas;
    readonly publicKey: string;
    setTheirKey(theirKey: string): void;
    readonly isTheirKeySet: boolean;
    generateBytes(info: BytesLike, n: number): Uint8Array;
    calculateMac(message: BytesLike, info: BytesLike): string;
    calculateMacLegacyBase64(message: BytesLike, info: BytesLike): string;
    calculateMacLongKdf(message: BytesLike, info: BytesLike): string;
}

/** EciesChannel.create's options (since 1.2). */
export interface EciesOptions {
    /**
     * The application info prefix its keys and check code are derived
     * under (vodozemac's Ecies::with_info): bytes, or a string's UTF-8, at
     * most 128 bytes (CLIQUET_ERR_INPUT_TOO_LARGE). Omitted: MSC4108's
     * "MATRIX_QR_CODE_LOGIN". Both sides must use the same.
     */
    info?: BytesLike;
}

export class EciesChannel extends Handle {
    static create(options?: EciesOptions): EciesChannel;
    readonly publicKey: string;
    establishOutbound(theirKey: string, plaintext: BytesLike): string;
    establishInbound(message: string): Uint8Array;
    readonly checkCode: number;
    readonly checkCodeBytes: Uint8Array;
    encrypt(plaintext: BytesLike): string;
    decrypt(message: string): Uint8Array;
}
