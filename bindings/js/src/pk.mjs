/*
 * bindings/js: cliquet's idiomatic JavaScript API, part 4 of 4: key backup
 * (legacy PK encryption), signing keys, SAS and the ECIES secure channel
 * (include/cliquet.h; docs/pk.md, docs/sas.md, docs/ecies.md).
 * SPDX-License-Identifier: Apache-2.0
 */

function fixedBytes(value, n, what) {
    if (!(value instanceof Uint8Array) || value.length !== n) {
        throw new TypeError(`${what} is a Uint8Array of ${n} bytes`);
    }
    return value;
}

/**
 * Encrypts to a backup public key: m.megolm_backup.v1.curve25519-aes-sha2.
 * LEGACY and UNAUTHENTICATED (see cliquet.h): anyone who knows the public
 * key can make a backup that decrypts.
 */
export class PkEncryption extends Handle {
    static create(recipientKey) {
        return made(PkEncryption, "cliquet_pk_encryption_free", (s, out) => {
            const k = s.text(recipientKey);
            call("cliquet_pk_encryption_new", out, k[0], k[1]);
        });
    }
    /** { ciphertext, mac, ephemeral }: a backup's session_data fields. */
    encryptLegacyBackup(plaintext) {
        return scoped((s) => {
            const pt = s.bytes(plaintext);
            const mac = s.alloc(12);
            const eph = s.alloc(44);
            const ciphertext = sizedText(s, "cliquet_pk_encrypt_legacy_backup", (out, cap, len) =>
                need()._cliquet_pk_encrypt_legacy_backup(this[PTR], out, cap, len, mac, eph,
                                                         pt[0], pt[1]));
            return { ciphertext, mac: readText(mac, 11), ephemeral: readText(eph, 43) };
        });
    }
}

/** A backup decryption key. */
export class PkDecryption extends Handle {
    static create() {
        return made(PkDecryption, "cliquet_pk_decryption_free",
                    (s, out) => call("cliquet_pk_decryption_new", out));
    }
    /** From the 32-byte private key (the bytes a recovery key encodes). */
    static fromPrivateKey(privateKey) {
        fixedBytes(privateKey, 32, "a private key");
        return made(PkDecryption, "cliquet_pk_decryption_free", (s, out) => {
            const k = s.bytes(privateKey);
            call("cliquet_pk_decryption_new_from_private_key", out, k[0]);
        });
    }
    static fromPickle(pickle, key) {
        return unpickleWith(PkDecryption, "cliquet_pk_decryption_free",
                            "cliquet_pk_decryption_unpickle", key, pickle);
    }
    static fromLibolmPickle(pickle, key) {
        return unpickleWith(PkDecryption, "cliquet_pk_decryption_free",
                            "cliquet_pk_decryption_unpickle_libolm", key, pickle);
    }
    pickle(key) {
        return pickleWith(this, "cliquet_pk_decryption_pickle", key);
    }
    pickleLibolm(key) {
        return pickleWith(this, "cliquet_pk_decryption_pickle_libolm", key);
    }
    /** The public key (base64): the backup's auth_data public_key. */
    get publicKey() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_pk_decryption_public_key", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** The 32-byte private key, a secret: wipe it (fill(0)) when done. */
    privateKey() {
        return scoped((s) => {
            const out = s.alloc(32);
            call("cliquet_pk_decryption_private_key", this[PTR], out);
            return readBytes(out, 32);
        });
    }
    /**
     * Decrypts { ciphertext, mac, ephemeral }. LEGACY and UNAUTHENTICATED:
     * a success does not say who wrote it; check what you restore.
     */
    decryptLegacyBackup({ ciphertext, mac, ephemeral }) {
        return scoped((s) => {
            const e = s.text(ephemeral);
            const m = s.text(mac);
            const c = s.text(ciphertext);
            const pt = s.alloc(c[1]);
            const len = s.cell();
            call("cliquet_pk_decrypt_legacy_backup", this[PTR], pt, c[1], len, e[0], e[1],
                 m[0], m[1], c[0], c[1]);
            return readBytes(pt, u32(len));
        });
    }
}

/** An Ed25519 signing key from a 32-byte seed (cross-signing). */
export class PkSigning extends Handle {
    static create() {
        return made(PkSigning, "cliquet_pk_signing_free", (s, out) => call("cliquet_pk_signing_new", out));
    }
    static fromSeed(seed) {
        fixedBytes(seed, 32, "a seed");
        return made(PkSigning, "cliquet_pk_signing_free", (s, out) => {
            const k = s.bytes(seed);
            call("cliquet_pk_signing_new_from_seed", out, k[0]);
        });
    }
    /** The 32-byte seed, a secret: wipe it (fill(0)) when done. */
    seed() {
        return scoped((s) => {
            const out = s.alloc(32);
            call("cliquet_pk_signing_seed", this[PTR], out);
            return readBytes(out, 32);
        });
    }
    get publicKey() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_pk_signing_public_key", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** The Ed25519 signature (base64) of message. */
    sign(message) {
        return scoped((s) => {
            const m = s.bytes(message);
            const out = s.alloc(87);
            call("cliquet_pk_sign", this[PTR], out, m[0], m[1]);
            return readText(out, 86);
        });
    }
}

/* The three SAS MACs share one shape. */
function sasMac(sas, name, message, info) {
    return scoped((s) => {
        const m = s.bytes(message);
        const i = s.bytes(info);
        const out = s.alloc(44);
        call(name, sas[PTR], out, m[0], m[1], i[0], i[1]);
        return readText(out, 43);
    });
}

/** Short authentication strings (m.sas.v1). */
export class Sas extends Handle {
    static create() {
        return made(Sas, "cliquet_sas_free", (s, out) => call("cliquet_sas_new", out));
    }
    /** Our ephemeral public key (base64). */
    get publicKey() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_sas_public_key", this[PTR], out);
            return readText(out, 43);
        });
    }
    setTheirKey(theirKey) {
        scoped((s) => {
            const k = s.text(theirKey);
            call("cliquet_sas_set_their_key", this[PTR], k[0], k[1]);
        });
    }
    get isTheirKeySet() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_sas_is_their_key_set", this[PTR], c);
            return i32(c) !== 0;
        });
    }
    /** n bytes of HKDF(shared secret, info): the SAS bytes (Matrix: 6). */
    generateBytes(info, n) {
        return scoped((s) => {
            const i = s.bytes(info);
            const out = s.alloc(n);
            call("cliquet_sas_generate_bytes", this[PTR], out, n >>> 0, i[0], i[1]);
            return readBytes(out, n);
        });
    }
    /** The MAC for "hkdf-hmac-sha256.v2". Use this one. */
    calculateMac(message, info) {
        return sasMac(this, "cliquet_sas_calculate_mac", message, info);
    }
    /** LEGACY "hkdf-hmac-sha256": libolm's broken base64. */
    calculateMacLegacyBase64(message, info) {
        return sasMac(this, "cliquet_sas_calculate_mac_legacy_base64", message, info);
    }
    /** LEGACY: an old Riot's MAC (libolm's calculate_mac_long_kdf). */
    calculateMacLongKdf(message, info) {
        return sasMac(this, "cliquet_sas_calculate_mac_long_kdf", message, info);
    }
}

/* options.info of EciesChannel.create, or undefined for the default prefix. */
function eciesInfo(options) {
    if (options === undefined || options === null) {
        return undefined;
    }
    if (typeof options !== "object") {
        throw new TypeError("options is an object: { info: Uint8Array | string }");
    }
    const info = options.info;
    if (info !== undefined && !(info instanceof Uint8Array) && typeof info !== "string") {
        throw new TypeError("info is a Uint8Array or a string");
    }
    return info;
}

/** MSC4108's ECIES secure channel (QR-code login), as vodozemac's. */
export class EciesChannel extends Handle {
    /**
     * A fresh channel with a new X25519 key, not yet established. Its keys
     * and check code are derived under MSC4108's info prefix
     * "MATRIX_QR_CODE_LOGIN", or under options.info (since 1.2;
     * vodozemac's Ecies::with_info), bytes or a string's UTF-8, at most 128
     * bytes (CLIQUET_ERR_INPUT_TOO_LARGE past it), for another protocol:
     * both sides must use the same, or the initial message fails as
     * CLIQUET_ERR_BAD_MESSAGE_MAC.
     */
    static create(options) {
        const info = eciesInfo(options);
        return made(EciesChannel, "cliquet_ecies_channel_free", (s, out) => {
            if (info === undefined) {
                call("cliquet_ecies_channel_new", out);
            } else {
                const i = s.bytes(info);
                call("cliquet_ecies_channel_new_with_info", out, i[0], i[1]);
            }
        });
    }
    /** Our public key (base64): the one a QR code carries. */
    get publicKey() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_ecies_channel_public_key", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** As the initiator: the initial message carrying plaintext. */
    establishOutbound(theirKey, plaintext) {
        return scoped((s) => {
            const k = s.text(theirKey);
            const pt = s.bytes(plaintext);
            return sizedText(s, "cliquet_ecies_channel_establish_outbound", (out, cap, len) =>
                need()._cliquet_ecies_channel_establish_outbound(this[PTR], k[0], k[1], out, cap,
                                                                 len, pt[0], pt[1]));
        });
    }
    /** As the recipient: the initial message's plaintext. */
    establishInbound(message) {
        return scoped((s) => {
            const m = s.text(message);
            const pt = s.alloc(m[1]);
            const len = s.cell();
            call("cliquet_ecies_channel_establish_inbound", this[PTR], m[0], m[1], pt, m[1], len);
            return readBytes(pt, u32(len));
        });
    }
    /** The check code both sides show, 0 to 99 (show two digits). */
    get checkCode() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_ecies_channel_check_code", this[PTR], c);
            return u32(c);
        });
    }
    /** The check code's two bytes. */
    get checkCodeBytes() {
        return scoped((s) => {
            const out = s.alloc(2);
            call("cliquet_ecies_channel_check_code_bytes", this[PTR], out);
            return readBytes(out, 2);
        });
    }
    encrypt(plaintext) {
        return scoped((s) => {
            const pt = s.bytes(plaintext);
            return sizedText(s, "cliquet_ecies_channel_encrypt", (out, cap, len) =>
                need()._cliquet_ecies_channel_encrypt(this[PTR], out, cap, len, pt[0], pt[1]));
        });
    }
    decrypt(message) {
        return scoped((s) => {
            const m = s.text(message);
            const pt = s.alloc(m[1]);
            const len = s.cell();
            call("cliquet_ecies_channel_decrypt", this[PTR], m[0], m[1], pt, m[1], len);
            return readBytes(pt, u32(len));
        });
    }
}
