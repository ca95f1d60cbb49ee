/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import org.cliquet.Cliquet;

/**
 * libolm's SDK entry point. Loading the native library is automatic here (the
 * first use of any class loads libcliquet_jni), so constructing an
 * OlmManager is optional, as it was.
 *
 * <p>libolm's {@code getDetailedVersion(android.content.Context)} read git
 * revisions from the SDK's Android resources; it is not provided (it needs
 * android.jar and has nothing of cliquet's to report).
 */
public class OlmManager {
    /** The libolm version whose API this layer provides. */
    static final String OLM_API_VERSION = "3.2.16";

    public OlmManager() {
        Cliquet.version();
    }

    /** The SDK's version: "cliquet " and the C library's version. */
    public String getVersion() {
        return "cliquet " + Cliquet.version();
    }

    /** libolm's olm_get_library_version: the libolm API provided, "3.2.16". */
    public String getOlmLibVersion() {
        return getOlmLibVersionJni();
    }

    /** As {@link #getOlmLibVersion()} (public in libolm's SDK, so kept). */
    public String getOlmLibVersionJni() {
        return OLM_API_VERSION;
    }
}
