/*
 * cliquet org.matrix.olm tests. SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.matrix.olm.sample.LibolmSdkSample;

class SampleTest {
    /** The program written against libolm's SDK runs to the end on cliquet. */
    @Test
    void libolmSdkSampleRuns() throws Exception {
        assertEquals("olm 3.2.16\n"
                + "one-time keys 50\n"
                + "olm Hello Bob\n"
                + "olm Hello Alice\n"
                + "megolm first room message / second room message\n"
                + "restored after restore / room after restore\n"
                + "serialised after serialisation\n"
                + "error BAD_MESSAGE_FORMAT\n", LibolmSdkSample.run());
    }
}
