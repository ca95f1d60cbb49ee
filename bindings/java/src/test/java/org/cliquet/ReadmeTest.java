/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class ReadmeTest {
    private static String read(String path) throws IOException {
        return new String(Files.readAllBytes(new File(TestSupport.root(), path).toPath()), TestSupport.UTF_8);
    }

    /** The README's example runs, and the README shows it unchanged. */
    @Test
    void readmeExampleRunsAndMatches() throws IOException {
        assertEquals("hello from true 43", ReadmeExample.run());
        String src = read("bindings/java/src/test/java/org/cliquet/ReadmeExample.java");
        String begin = "// README example begins\n";
        String body = src.substring(src.indexOf(begin) + begin.length(),
                src.indexOf("        // README example ends"));
        StringBuilder dedented = new StringBuilder();
        for (String line : body.split("\n")) {
            dedented.append(line.length() >= 8 ? line.substring(8) : line.trim()).append('\n');
        }
        String readme = read("bindings/java/README.md");
        assertTrue(readme.contains(dedented.toString()), "README.md must show ReadmeExample.java's example:\n" + dedented);
    }
}
