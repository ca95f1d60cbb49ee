/*
 * bindings/js: TypeScript declarations of olm.js, cliquet's build of the
 * @matrix-org/olm 3.2 API (the surface that package's own declarations
 * list; test/surface.test.js checks both against each other). Errors are
 * thrown as Error("OLM.<NAME>"). Checked by test/types.test.mjs.
 * SPDX-License-Identifier: Apache-2.0
 */

declare namespace Olm {
    /** Text or bytes; text is taken as its UTF-8. */
    type Input = string | Uint8Array;

    /** An Olm message as m.olm.v1 carries it: 0 pre-key, 1 normal. */
    interface EncryptedMessage {
        type: 0 | 1;
        body: string;
    }

    class Account {
        constructor();
        free(): void;
        create(): void;
        /** JSON: {"curve25519": ..., "ed25519": ...}. */
        identity_keys(): string;
        sign(message: Input): string;
        /** JSON: {"curve25519": {keyId: key, ...}}. */
        one_time_keys(): string;
        mark_keys_as_published(): void;
        max_number_of_one_time_keys(): number;
        generate_one_time_keys(count: number): void;
        remove_one_time_keys(session: Session): void;
        generate_fallback_key(): void;
        fallback_key(): string;
        unpublished_fallback_key(): string;
        forget_old_fallback_key(): void;
        pickle(key: Input): string;
        unpickle(key: Input, pickle: string): void;
    }

    class Session {
        constructor();
        free(): void;
        pickle(key: Input): string;
        unpickle(key: Input, pickle: string): void;
        create_outbound(account: Account, theirIdentityKey: string, theirOneTimeKey: string): void;
        create_inbound(account: Account, preKeyMessage: string): void;
        create_inbound_from(account: Account, theirIdentityKey: string, preKeyMessage: string): void;
        session_id(): string;
        has_received_message(): boolean;
        matches_inbound(preKeyMessage: string): boolean;
        matches_inbound_from(theirIdentityKey: string, preKeyMessage: string): boolean;
        encrypt(plaintext: string): EncryptedMessage;
        decrypt(type: number, body: string): string;
        describe(): string;
    }

    class Utility {
        constructor();
        free(): void;
        sha256(input: Input): string;
        /** Throws unless the signature is valid. */
        ed25519_verify(key: string, message: Input, signature: string): void;
    }

    class OutboundGroupSession {
        constructor();
        free(): void;
        pickle(key: Input): string;
        unpickle(key: Input, pickle: string): void;
        create(): void;
        encrypt(plaintext: string): string;
        session_id(): string;
        session_key(): string;
        message_index(): number;
    }

    class InboundGroupSession {
        constructor();
        free(): void;
        pickle(key: Input): string;
        unpickle(key: Input, pickle: string): void;
        create(sessionKey: string): string;
        import_session(exported: string): string;
        decrypt(message: string): { message_index: number; plaintext: string };
        session_id(): string;
        first_known_index(): number;
        export_session(messageIndex: number): string;
    }

    class PkEncryption {
        constructor();
        free(): void;
        set_recipient_key(key: string): void;
        encrypt(plaintext: string): { ciphertext: string; mac: string; ephemeral: string };
    }

    class PkDecryption {
        constructor();
        free(): void;
        init_with_private_key(privateKey: Uint8Array): string;
        generate_key(): string;
        get_private_key(): Uint8Array;
        pickle(key: Input): string;
        /** Returns the public key. */
        unpickle(key: Input, pickle: string): string;
        decrypt(ephemeralKey: string, mac: string, ciphertext: string): string;
    }

    class PkSigning {
        constructor();
        free(): void;
        init_with_seed(seed: Uint8Array): string;
        generate_seed(): Uint8Array;
        sign(message: string): string;
    }

    class SAS {
        constructor();
        free(): void;
        get_pubkey(): string;
        set_their_key(theirKey: string): void;
        generate_bytes(info: string, length: number): Uint8Array;
        calculate_mac(input: string, info: string): string;
        calculate_mac_fixed_base64(input: string, info: string): string;
        calculate_mac_long_kdf(input: string, info: string): string;
    }

    /** Loads olm.wasm; options go to emscripten (locateFile, wasmBinary). */
    function init(options?: object): Promise<void>;
    function get_library_version(): [number, number, number];
    const PRIVATE_KEY_LENGTH: number;
}

export = Olm;
export as namespace Olm;
