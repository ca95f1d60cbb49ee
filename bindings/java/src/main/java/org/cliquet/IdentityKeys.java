/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/** An account's public identity keys (base64): Matrix's "curve25519:<device>" and "ed25519:<device>". */
public final class IdentityKeys {
    private final String curve25519;
    private final String ed25519;

    IdentityKeys(String curve25519, String ed25519) {
        this.curve25519 = curve25519;
        this.ed25519 = ed25519;
    }

    public String curve25519() {
        return curve25519;
    }

    public String ed25519() {
        return ed25519;
    }
}
