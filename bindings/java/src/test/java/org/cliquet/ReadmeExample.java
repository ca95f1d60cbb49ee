/*
 * The example of bindings/java/README.md, compiled and run by ReadmeTest
 * (which checks that the README shows this code unchanged).
 * SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import java.nio.charset.StandardCharsets;

final class ReadmeExample {
    private ReadmeExample() {
    }

    static String run() {
        // README example begins
        byte[] pickleKey = new byte[32]; // from the platform's key store in an app
        try (Account alice = new Account(); Account bob = new Account()) {
            bob.generateOneTimeKeys(1);
            OneTimeKey otk = bob.oneTimeKeys().get(0);
            bob.markKeysAsPublished();

            try (Session out = alice.newOutboundSession(bob.identityKeys().curve25519(), otk.key())) {
                OlmMessage msg = out.encrypt("hello".getBytes(StandardCharsets.UTF_8));
                InboundSession in = bob.newInboundSession(alice.identityKeys().curve25519(), msg);
                try (Session bobSession = in.session()) {
                    OlmDecrypted first = in.decrypted();
                    // first.senderKey() is who wrote it; first.text() is "hello"
                    String saved = bobSession.pickle(pickleKey);
                    try (Session restored = Session.unpickle(pickleKey, saved)) {
                        return first.text() + " from " + first.senderKey().equals(
                                alice.identityKeys().curve25519()) + " " + restored.sessionId().length();
                    }
                } catch (CliquetException e) {
                    // e.status() == CliquetException.Status.BAD_MESSAGE_MAC, ...
                    throw e;
                }
            }
        }
        // README example ends
    }
}
