/*
 * bindings/js: the JavaScript API of @matrix-org/olm 3.2 over cliquet.
 * SPDX-License-Identifier: Apache-2.0
 *
 * This file is appended to emscripten's MODULARIZE output (which defines
 * CliquetOlmWasm, the factory of the wasm module) to make olm.js. The wasm
 * holds cliquet, libsodium and bindings/libolm, cliquet's libolm 3.2 C ABI:
 * that C layer already says everything libolm's contract asks (error names,
 * JSON shapes, pickle format, in-place decoding), so this file only moves
 * bytes between JavaScript and wasm memory. It draws no random bytes (the
 * wasm's randombytes_buf does, from crypto.getRandomValues), and wipes
 * every buffer it allocated in wasm memory before freeing it. What it
 * cannot wipe: JavaScript strings and the Uint8Arrays it returns, which the
 * garbage collector owns.
 */
(function () {
    "use strict";

    var wasm = null;      /* the module, once Olm.init() has resolved */
    var starting = null;  /* the promise of Olm.init() */
    var OLM_ERROR = -1;   /* olm_error(), (size_t)-1 seen as a signed i32 */
    var utf8 = typeof TextEncoder === "function" ? new TextEncoder() : null;
    var SURROGATE = /[\uD800-\uDFFF]/;

    var Olm = {};

    function need() {
        if (wasm === null) {
            throw new Error("Olm.init() has not completed");
        }
        return wasm;
    }

    /* ---- wasm memory ------------------------------------------------- */

    /* Every allocation of one call, wiped and freed together in finally. */
    function Scope() {
        this.blocks = [];
    }
    Scope.prototype.alloc = function (n) {
        var m = need();
        var p = m._malloc(n > 0 ? n : 1);
        if (p === 0) {
            throw new Error("OLM.OUT_OF_MEMORY");
        }
        this.blocks.push([p, n > 0 ? n : 1]);
        return p;
    };
    Scope.prototype.release = function () {
        var m = wasm;
        for (var i = 0; i < this.blocks.length; i++) {
            var b = this.blocks[i];
            m.HEAPU8.fill(0, b[0], b[0] + b[1]);
            m._free(b[0]);
        }
        this.blocks = [];
        /* The stack the call has left, which C temporaries that are not
         * wiped may hold (libsodium's ChaCha20 tail block; cliquet.mjs's
         * core.mjs says more). */
        m.HEAPU8.fill(0, m._emscripten_stack_get_end(), m.stackSave());
    };
    /* Bytes in: a Uint8Array as is, a string as its UTF-8 (as libolm's
     * olm.js encodes it); returns [pointer, length]. */
    Scope.prototype.bytes = function (input) {
        var m = need();
        if (input instanceof Uint8Array) {
            var p = this.alloc(input.length);
            m.HEAPU8.set(input, p);
            return [p, input.length];
        }
        var s = String(input);
        /* TextEncoder is native and several times faster on long messages;
         * it writes U+FFFD for a lone surrogate where emscripten's encoder
         * (libolm's olm.js's) writes the surrogate's own 3 bytes, so those
         * rare strings keep emscripten's, byte for byte as libolm. */
        if (utf8 !== null && !SURROGATE.test(s)) {
            var b = utf8.encode(s);
            var r = this.alloc(b.length + 1);
            m.HEAPU8.set(b, r);
            m.HEAPU8[r + b.length] = 0;
            b.fill(0);
            return [r, b.length];
        }
        var n = m.lengthBytesUTF8(s);
        var q = this.alloc(n + 1);
        m.stringToUTF8(s, q, n + 1);
        return [q, n];
    };
    /* n random bytes, drawn by C (libsodium's randombytes_buf). */
    Scope.prototype.random = function (n) {
        var p = this.alloc(n);
        if (n > 0) {
            need()._randombytes_buf(p, n);
        }
        return p;
    };
    /* An output buffer of n bytes with room for a NUL after them. */
    Scope.prototype.out = function (n) {
        var p = this.alloc(n + 1);
        need().HEAPU8[p + n] = 0;
        return p;
    };

    function text(p, n) {
        return need().UTF8ToString(p, n);
    }

    function copyOut(p, n) {
        return need().HEAPU8.slice(p, p + n);
    }

    /* Runs body(scope) and frees what it allocated, whatever happens. */
    function scoped(body) {
        var scope = new Scope();
        try {
            return body(scope);
        } finally {
            scope.release();
        }
    }

    /*
     * The one place where a failure becomes an exception: libolm's olm.js
     * throws Error("OLM." + olm_<type>_last_error()).
     */
    function checker(lastError) {
        return function (obj, result) {
            if (result === OLM_ERROR) {
                var m = need();
                throw new Error("OLM." + m.UTF8ToString(m[lastError](obj.ptr)));
            }
            return result;
        };
    }

    /* Makes the C object in wasm memory, as olm_<type>(memory) does. */
    function construct(obj, sizeFn, initFn) {
        var m = need();
        var n = m[sizeFn]();
        var p = m._malloc(n);
        if (p === 0) {
            throw new Error("OLM.OUT_OF_MEMORY");
        }
        obj.size = n;
        obj.ptr = m[initFn](p);
    }

    function destroy(obj, clearFn) {
        if (!obj.ptr) {
            return;
        }
        var m = need();
        m[clearFn](obj.ptr);
        m.HEAPU8.fill(0, obj.ptr, obj.ptr + obj.size);
        m._free(obj.ptr);
        m.HEAPU8.fill(0, m._emscripten_stack_get_end(), m.stackSave());
        obj.ptr = 0;
    }

    /* pickle(key) and unpickle(key, pickle), shared by the five objects
     * that libolm pickles (PkDecryption's unpickle returns a key too). */
    function pickleMethods(proto, check, lengthFn, pickleFn, unpickleFn) {
        proto.pickle = function (key) {
            var self = this;
            return scoped(function (s) {
                var m = need();
                var k = s.bytes(key);
                var n = check(self, m[lengthFn](self.ptr));
                var out = s.out(n);
                check(self, m[pickleFn](self.ptr, k[0], k[1], out, n));
                return text(out, n);
            });
        };
        proto.unpickle = function (key, pickle) {
            var self = this;
            return scoped(function (s) {
                var m = need();
                var k = s.bytes(key);
                var p = s.bytes(pickle);
                check(self, m[unpickleFn](self.ptr, k[0], k[1], p[0], p[1]));
            });
        };
    }

    /* ---- Account ------------------------------------------------------ */

    var accountCheck = checker("_olm_account_last_error");

    function Account() {
        construct(this, "_olm_account_size", "_olm_account");
    }
    Account.prototype.free = function () {
        destroy(this, "_olm_clear_account");
    };
    Account.prototype.create = function () {
        var self = this;
        scoped(function (s) {
            var m = need();
            var n = m._olm_create_account_random_length(self.ptr);
            accountCheck(self, m._olm_create_account(self.ptr, s.random(n), n));
        });
    };
    /* A text getter: olm_X_length() then olm_X(). */
    function accountText(lengthFn, getFn) {
        return function () {
            var self = this;
            return scoped(function (s) {
                var m = need();
                var n = accountCheck(self, m[lengthFn](self.ptr));
                var out = s.out(n);
                var got = accountCheck(self, m[getFn](self.ptr, out, n));
                return text(out, got);
            });
        };
    }
    Account.prototype.identity_keys =
        accountText("_olm_account_identity_keys_length", "_olm_account_identity_keys");
    Account.prototype.one_time_keys =
        accountText("_olm_account_one_time_keys_length", "_olm_account_one_time_keys");
    Account.prototype.fallback_key =
        accountText("_olm_account_fallback_key_length", "_olm_account_fallback_key");
    Account.prototype.unpublished_fallback_key =
        accountText("_olm_account_unpublished_fallback_key_length",
                    "_olm_account_unpublished_fallback_key");
    Account.prototype.sign = function (message) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var msg = s.bytes(message);
            var n = accountCheck(self, m._olm_account_signature_length(self.ptr));
            var out = s.out(n);
            accountCheck(self, m._olm_account_sign(self.ptr, msg[0], msg[1], out, n));
            return text(out, n);
        });
    };
    Account.prototype.mark_keys_as_published = function () {
        accountCheck(this, need()._olm_account_mark_keys_as_published(this.ptr));
    };
    Account.prototype.max_number_of_one_time_keys = function () {
        return accountCheck(this, need()._olm_account_max_number_of_one_time_keys(this.ptr));
    };
    Account.prototype.generate_one_time_keys = function (count) {
        var self = this;
        scoped(function (s) {
            var m = need();
            var n = m._olm_account_generate_one_time_keys_random_length(self.ptr, count);
            accountCheck(self, m._olm_account_generate_one_time_keys(
                self.ptr, count, s.random(n), n));
        });
    };
    Account.prototype.remove_one_time_keys = function (session) {
        accountCheck(this, need()._olm_remove_one_time_keys(this.ptr, session.ptr));
    };
    Account.prototype.generate_fallback_key = function () {
        var self = this;
        scoped(function (s) {
            var m = need();
            var n = m._olm_account_generate_fallback_key_random_length(self.ptr);
            accountCheck(self, m._olm_account_generate_fallback_key(self.ptr, s.random(n), n));
        });
    };
    Account.prototype.forget_old_fallback_key = function () {
        need()._olm_account_forget_old_fallback_key(this.ptr);
    };
    pickleMethods(Account.prototype, accountCheck, "_olm_pickle_account_length",
                  "_olm_pickle_account", "_olm_unpickle_account");

    /* ---- Session ------------------------------------------------------ */

    var sessionCheck = checker("_olm_session_last_error");

    function Session() {
        construct(this, "_olm_session_size", "_olm_session");
    }
    Session.prototype.free = function () {
        destroy(this, "_olm_clear_session");
    };
    pickleMethods(Session.prototype, sessionCheck, "_olm_pickle_session_length",
                  "_olm_pickle_session", "_olm_unpickle_session");
    Session.prototype.create_outbound = function (account, theirIdentityKey, theirOneTimeKey) {
        var self = this;
        scoped(function (s) {
            var m = need();
            var n = sessionCheck(self, m._olm_create_outbound_session_random_length(self.ptr));
            var idk = s.bytes(theirIdentityKey);
            var otk = s.bytes(theirOneTimeKey);
            sessionCheck(self, m._olm_create_outbound_session(
                self.ptr, account.ptr, idk[0], idk[1], otk[0], otk[1], s.random(n), n));
        });
    };
    /* The message buffers below are decoded in place by the C layer, as by
     * libolm: each call gets its own copy. */
    Session.prototype.create_inbound = function (account, message) {
        var self = this;
        scoped(function (s) {
            var msg = s.bytes(message);
            sessionCheck(self, need()._olm_create_inbound_session(
                self.ptr, account.ptr, msg[0], msg[1]));
        });
    };
    Session.prototype.create_inbound_from = function (account, identityKey, message) {
        var self = this;
        scoped(function (s) {
            var idk = s.bytes(identityKey);
            var msg = s.bytes(message);
            sessionCheck(self, need()._olm_create_inbound_session_from(
                self.ptr, account.ptr, idk[0], idk[1], msg[0], msg[1]));
        });
    };
    Session.prototype.session_id = function () {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var n = sessionCheck(self, m._olm_session_id_length(self.ptr));
            var out = s.out(n);
            sessionCheck(self, m._olm_session_id(self.ptr, out, n));
            return text(out, n);
        });
    };
    Session.prototype.has_received_message = function () {
        return need()._olm_session_has_received_message(this.ptr) ? true : false;
    };
    Session.prototype.matches_inbound = function (message) {
        var self = this;
        return scoped(function (s) {
            var msg = s.bytes(message);
            return sessionCheck(self, need()._olm_matches_inbound_session(
                self.ptr, msg[0], msg[1])) ? true : false;
        });
    };
    Session.prototype.matches_inbound_from = function (identityKey, message) {
        var self = this;
        return scoped(function (s) {
            var idk = s.bytes(identityKey);
            var msg = s.bytes(message);
            return sessionCheck(self, need()._olm_matches_inbound_session_from(
                self.ptr, idk[0], idk[1], msg[0], msg[1])) ? true : false;
        });
    };
    Session.prototype.encrypt = function (plaintext) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var pt = s.bytes(plaintext);
            var type = sessionCheck(self, m._olm_encrypt_message_type(self.ptr));
            var nr = sessionCheck(self, m._olm_encrypt_random_length(self.ptr));
            var nm = sessionCheck(self, m._olm_encrypt_message_length(self.ptr, pt[1]));
            var random = s.random(nr);
            var out = s.out(nm);
            sessionCheck(self, m._olm_encrypt(self.ptr, pt[0], pt[1], random, nr, out, nm));
            return { type: type, body: text(out, nm) };
        });
    };
    Session.prototype.decrypt = function (messageType, message) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var probe = s.bytes(message);
            var max = sessionCheck(self, m._olm_decrypt_max_plaintext_length(
                self.ptr, messageType, probe[0], probe[1]));
            var msg = s.bytes(message);
            var out = s.out(max);
            var n = sessionCheck(self, m._olm_decrypt(
                self.ptr, messageType, msg[0], msg[1], out, max));
            return text(out, n);
        });
    };
    Session.prototype.describe = function () {
        var self = this;
        return scoped(function (s) {
            var cap = 600;
            var out = s.out(cap);
            need()._olm_session_describe(self.ptr, out, cap);
            return text(out, cap);
        });
    };

    /* ---- Utility ------------------------------------------------------ */

    var utilityCheck = checker("_olm_utility_last_error");

    function Utility() {
        construct(this, "_olm_utility_size", "_olm_utility");
    }
    Utility.prototype.free = function () {
        destroy(this, "_olm_clear_utility");
    };
    Utility.prototype.sha256 = function (input) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var inp = s.bytes(input);
            var n = utilityCheck(self, m._olm_sha256_length(self.ptr));
            var out = s.out(n);
            utilityCheck(self, m._olm_sha256(self.ptr, inp[0], inp[1], out, n));
            return text(out, n);
        });
    };
    Utility.prototype.ed25519_verify = function (key, message, signature) {
        var self = this;
        scoped(function (s) {
            var k = s.bytes(key);
            var msg = s.bytes(message);
            var sig = s.bytes(signature);
            utilityCheck(self, need()._olm_ed25519_verify(
                self.ptr, k[0], k[1], msg[0], msg[1], sig[0], sig[1]));
        });
    };

    /* ---- OutboundGroupSession ------------------------------------------ */

    var outboundCheck = checker("_olm_outbound_group_session_last_error");

    function OutboundGroupSession() {
        construct(this, "_olm_outbound_group_session_size", "_olm_outbound_group_session");
    }
    OutboundGroupSession.prototype.free = function () {
        destroy(this, "_olm_clear_outbound_group_session");
    };
    pickleMethods(OutboundGroupSession.prototype, outboundCheck,
                  "_olm_pickle_outbound_group_session_length",
                  "_olm_pickle_outbound_group_session",
                  "_olm_unpickle_outbound_group_session");
    OutboundGroupSession.prototype.create = function () {
        var self = this;
        scoped(function (s) {
            var m = need();
            var n = m._olm_init_outbound_group_session_random_length(self.ptr);
            outboundCheck(self, m._olm_init_outbound_group_session(self.ptr, s.random(n), n));
        });
    };
    OutboundGroupSession.prototype.encrypt = function (plaintext) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var pt = s.bytes(plaintext);
            var n = outboundCheck(self, m._olm_group_encrypt_message_length(self.ptr, pt[1]));
            var out = s.out(n);
            outboundCheck(self, m._olm_group_encrypt(self.ptr, pt[0], pt[1], out, n));
            return text(out, n);
        });
    };
    function outboundText(lengthFn, getFn) {
        return function () {
            var self = this;
            return scoped(function (s) {
                var m = need();
                var n = outboundCheck(self, m[lengthFn](self.ptr));
                var out = s.out(n);
                outboundCheck(self, m[getFn](self.ptr, out, n));
                return text(out, n);
            });
        };
    }
    OutboundGroupSession.prototype.session_id =
        outboundText("_olm_outbound_group_session_id_length", "_olm_outbound_group_session_id");
    OutboundGroupSession.prototype.session_key =
        outboundText("_olm_outbound_group_session_key_length", "_olm_outbound_group_session_key");
    OutboundGroupSession.prototype.message_index = function () {
        return need()._olm_outbound_group_session_message_index(this.ptr) >>> 0;
    };

    /* ---- InboundGroupSession ------------------------------------------- */

    var inboundCheck = checker("_olm_inbound_group_session_last_error");

    function InboundGroupSession() {
        construct(this, "_olm_inbound_group_session_size", "_olm_inbound_group_session");
    }
    InboundGroupSession.prototype.free = function () {
        destroy(this, "_olm_clear_inbound_group_session");
    };
    pickleMethods(InboundGroupSession.prototype, inboundCheck,
                  "_olm_pickle_inbound_group_session_length",
                  "_olm_pickle_inbound_group_session",
                  "_olm_unpickle_inbound_group_session");
    function inboundFromKey(initFn) {
        return function (sessionKey) {
            var self = this;
            return scoped(function (s) {
                var k = s.bytes(sessionKey);
                return inboundCheck(self, need()[initFn](self.ptr, k[0], k[1]));
            });
        };
    }
    InboundGroupSession.prototype.create = inboundFromKey("_olm_init_inbound_group_session");
    InboundGroupSession.prototype.import_session =
        inboundFromKey("_olm_import_inbound_group_session");
    InboundGroupSession.prototype.decrypt = function (message) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var probe = s.bytes(message);
            var max = inboundCheck(self, m._olm_group_decrypt_max_plaintext_length(
                self.ptr, probe[0], probe[1]));
            var msg = s.bytes(message);
            var out = s.out(max);
            var index = s.alloc(4);
            var n = inboundCheck(self, m._olm_group_decrypt(
                self.ptr, msg[0], msg[1], out, max, index));
            return {
                message_index: m.HEAPU32[index >>> 2],
                plaintext: text(out, n)
            };
        });
    };
    InboundGroupSession.prototype.session_id = function () {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var n = inboundCheck(self, m._olm_inbound_group_session_id_length(self.ptr));
            var out = s.out(n);
            inboundCheck(self, m._olm_inbound_group_session_id(self.ptr, out, n));
            return text(out, n);
        });
    };
    InboundGroupSession.prototype.first_known_index = function () {
        return need()._olm_inbound_group_session_first_known_index(this.ptr) >>> 0;
    };
    InboundGroupSession.prototype.export_session = function (messageIndex) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var n = inboundCheck(self, m._olm_export_inbound_group_session_length(self.ptr));
            var out = s.out(n);
            inboundCheck(self, m._olm_export_inbound_group_session(
                self.ptr, out, n, messageIndex));
            return text(out, n);
        });
    };

    /* ---- PkEncryption, PkDecryption, PkSigning ------------------------- */

    var pkEncryptionCheck = checker("_olm_pk_encryption_last_error");

    function PkEncryption() {
        construct(this, "_olm_pk_encryption_size", "_olm_pk_encryption");
    }
    PkEncryption.prototype.free = function () {
        destroy(this, "_olm_clear_pk_encryption");
    };
    PkEncryption.prototype.set_recipient_key = function (key) {
        var self = this;
        scoped(function (s) {
            var k = s.bytes(key);
            pkEncryptionCheck(self, need()._olm_pk_encryption_set_recipient_key(
                self.ptr, k[0], k[1]));
        });
    };
    PkEncryption.prototype.encrypt = function (plaintext) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var pt = s.bytes(plaintext);
            var nr = pkEncryptionCheck(self, m._olm_pk_encrypt_random_length(self.ptr));
            var nc = pkEncryptionCheck(self, m._olm_pk_ciphertext_length(self.ptr, pt[1]));
            var nm = pkEncryptionCheck(self, m._olm_pk_mac_length(self.ptr));
            var ne = pkEncryptionCheck(self, m._olm_pk_key_length());
            var random = s.random(nr);
            var ct = s.out(nc);
            var mac = s.out(nm);
            var eph = s.out(ne);
            pkEncryptionCheck(self, m._olm_pk_encrypt(
                self.ptr, pt[0], pt[1], ct, nc, mac, nm, eph, ne, random, nr));
            return { ciphertext: text(ct, nc), mac: text(mac, nm), ephemeral: text(eph, ne) };
        });
    };

    var pkDecryptionCheck = checker("_olm_pk_decryption_last_error");

    function PkDecryption() {
        construct(this, "_olm_pk_decryption_size", "_olm_pk_decryption");
    }
    PkDecryption.prototype.free = function () {
        destroy(this, "_olm_clear_pk_decryption");
    };
    /* olm_pk_key_from_private over the given bytes; returns the public key. */
    function pkKeyFrom(self, s, priv, n) {
        var m = need();
        var nk = m._olm_pk_key_length();
        var out = s.out(nk);
        pkDecryptionCheck(self, m._olm_pk_key_from_private(self.ptr, out, nk, priv, n));
        return text(out, nk);
    }
    PkDecryption.prototype.init_with_private_key = function (key) {
        var self = this;
        return scoped(function (s) {
            var k = s.bytes(key);
            return pkKeyFrom(self, s, k[0], k[1]);
        });
    };
    PkDecryption.prototype.generate_key = function () {
        var self = this;
        return scoped(function (s) {
            var n = need()._olm_pk_generate_key_random_length();
            return pkKeyFrom(self, s, s.random(n), n);
        });
    };
    PkDecryption.prototype.get_private_key = function () {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var n = m._olm_pk_private_key_length();
            var out = s.out(n);
            pkDecryptionCheck(self, m._olm_pk_get_private_key(self.ptr, out, n));
            return copyOut(out, n);
        });
    };
    PkDecryption.prototype.pickle = function (key) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var k = s.bytes(key);
            var n = pkDecryptionCheck(self, m._olm_pickle_pk_decryption_length(self.ptr));
            var out = s.out(n);
            pkDecryptionCheck(self, m._olm_pickle_pk_decryption(self.ptr, k[0], k[1], out, n));
            return text(out, n);
        });
    };
    PkDecryption.prototype.unpickle = function (key, pickle) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var k = s.bytes(key);
            var p = s.bytes(pickle);
            var nk = m._olm_pk_key_length();
            var out = s.out(nk);
            pkDecryptionCheck(self, m._olm_unpickle_pk_decryption(
                self.ptr, k[0], k[1], p[0], p[1], out, nk));
            return text(out, nk);
        });
    };
    PkDecryption.prototype.decrypt = function (ephemeralKey, mac, ciphertext) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var eph = s.bytes(ephemeralKey);
            var tag = s.bytes(mac);
            var ct = s.bytes(ciphertext);
            var max = pkDecryptionCheck(self, m._olm_pk_max_plaintext_length(self.ptr, ct[1]));
            var out = s.out(max);
            var n = pkDecryptionCheck(self, m._olm_pk_decrypt(
                self.ptr, eph[0], eph[1], tag[0], tag[1], ct[0], ct[1], out, max));
            return text(out, n);
        });
    };

    var pkSigningCheck = checker("_olm_pk_signing_last_error");

    function PkSigning() {
        construct(this, "_olm_pk_signing_size", "_olm_pk_signing");
    }
    PkSigning.prototype.free = function () {
        destroy(this, "_olm_clear_pk_signing");
    };
    PkSigning.prototype.init_with_seed = function (seed) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var sd = s.bytes(seed);
            var n = m._olm_pk_signing_public_key_length();
            var out = s.out(n);
            pkSigningCheck(self, m._olm_pk_signing_key_from_seed(self.ptr, out, n, sd[0], sd[1]));
            return text(out, n);
        });
    };
    PkSigning.prototype.generate_seed = function () {
        return scoped(function (s) {
            var n = need()._olm_pk_signing_seed_length();
            return copyOut(s.random(n), n);
        });
    };
    PkSigning.prototype.sign = function (message) {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var msg = s.bytes(message);
            var n = m._olm_pk_signature_length();
            var out = s.out(n);
            pkSigningCheck(self, m._olm_pk_sign(self.ptr, msg[0], msg[1], out, n));
            return text(out, n);
        });
    };

    /* ---- SAS ---------------------------------------------------------- */

    var sasCheck = checker("_olm_sas_last_error");

    /* As libolm's: the key pair is made by the constructor. */
    function SAS() {
        construct(this, "_olm_sas_size", "_olm_sas");
        var self = this;
        try {
            scoped(function (s) {
                var m = need();
                var n = m._olm_create_sas_random_length(self.ptr);
                sasCheck(self, m._olm_create_sas(self.ptr, s.random(n), n));
            });
        } catch (e) {
            self.free();
            throw e;
        }
    }
    SAS.prototype.free = function () {
        destroy(this, "_olm_clear_sas");
    };
    SAS.prototype.get_pubkey = function () {
        var self = this;
        return scoped(function (s) {
            var m = need();
            var n = m._olm_sas_pubkey_length(self.ptr);
            var out = s.out(n);
            sasCheck(self, m._olm_sas_get_pubkey(self.ptr, out, n));
            return text(out, n);
        });
    };
    SAS.prototype.set_their_key = function (key) {
        var self = this;
        scoped(function (s) {
            var k = s.bytes(key);
            sasCheck(self, need()._olm_sas_set_their_key(self.ptr, k[0], k[1]));
        });
    };
    SAS.prototype.generate_bytes = function (info, length) {
        var self = this;
        return scoped(function (s) {
            var inf = s.bytes(info);
            var out = s.out(length);
            sasCheck(self, need()._olm_sas_generate_bytes(self.ptr, inf[0], inf[1], out, length));
            return copyOut(out, length);
        });
    };
    function sasMac(macFn) {
        return function (input, info) {
            var self = this;
            return scoped(function (s) {
                var m = need();
                var inp = s.bytes(input);
                var inf = s.bytes(info);
                var n = m._olm_sas_mac_length(self.ptr);
                var out = s.out(n);
                sasCheck(self, m[macFn](self.ptr, inp[0], inp[1], inf[0], inf[1], out, n));
                return text(out, n);
            });
        };
    }
    SAS.prototype.calculate_mac = sasMac("_olm_sas_calculate_mac");
    SAS.prototype.calculate_mac_fixed_base64 = sasMac("_olm_sas_calculate_mac_fixed_base64");
    SAS.prototype.calculate_mac_long_kdf = sasMac("_olm_sas_calculate_mac_long_kdf");

    /* ---- the module ---------------------------------------------------- */

    /*
     * Olm.init(opts): opts go to the emscripten module (locateFile,
     * wasmBinary, ...). In node the .wasm next to this file is read with fs
     * (emscripten 3.1.6 would fetch() a file path, which node's fetch
     * refuses). Resolves once; later calls return the same promise.
     */
    Olm.init = function (opts) {
        if (starting !== null) {
            return starting;
        }
        var moduleArgs = Object.assign({}, opts || {});
        var inNode = typeof process === "object" && process.versions &&
            typeof process.versions.node === "string";
        if (inNode && !moduleArgs.wasmBinary && !moduleArgs.locateFile &&
            typeof require === "function" && typeof __dirname === "string") {
            moduleArgs.wasmBinary = require("fs").readFileSync(
                require("path").join(__dirname, "olm.wasm"));
        }
        starting = CliquetOlmWasm(moduleArgs).then(function (m) {
            if (!m._cliquet_js_random_ok()) {
                throw new Error("OLM.NOT_ENOUGH_RANDOM: no crypto.getRandomValues");
            }
            wasm = m;
            Olm.PRIVATE_KEY_LENGTH = m._olm_pk_private_key_length();
        });
        starting.catch(function () {
            starting = null;
        });
        return starting;
    };

    Olm.get_library_version = function () {
        return scoped(function (s) {
            var v = s.alloc(3);
            need()._olm_get_library_version(v, v + 1, v + 2);
            var h = need().HEAPU8;
            return [h[v], h[v + 1], h[v + 2]];
        });
    };

    Olm.Account = Account;
    Olm.Session = Session;
    Olm.Utility = Utility;
    Olm.OutboundGroupSession = OutboundGroupSession;
    Olm.InboundGroupSession = InboundGroupSession;
    Olm.PkEncryption = PkEncryption;
    Olm.PkDecryption = PkDecryption;
    Olm.PkSigning = PkSigning;
    Olm.SAS = SAS;

    /* CommonJS (node, bundlers) gets the exports; a browser's script tag
     * gets the global Olm, as with libolm's olm.js. */
    if (typeof module === "object" && module.exports) {
        module.exports = Olm;
    } else if (typeof globalThis === "object") {
        globalThis.Olm = Olm;
    }
})();
