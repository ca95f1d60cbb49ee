/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.function.Executable;

/** Helpers: UTF-8, hex, the repository's vector files, status assertions. */
final class TestSupport {
    static final Charset UTF_8 = Charset.forName("UTF-8");
    /** A fixed libolm pickle key: libolm's format is deterministic under it. */
    static final byte[] LIBOLM_KEY = utf8("fixed key for state comparisons");
    /** A native pickle key (32 bytes). */
    static final byte[] NATIVE_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            NATIVE_KEY[i] = (byte) (i * 7 + 1);
        }
    }

    private TestSupport() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    static byte[] hex(String s) {
        if (s.equals("-")) {
            return new byte[0];
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** The repository root (the make target passes -Dcliquet.root). */
    static File root() {
        return new File(System.getProperty("cliquet.root", "."));
    }

    /** The cases of a vector file in cliquet's line format, by field name. */
    static List<Map<String, String>> vectors(String path) throws IOException {
        List<Map<String, String>> cases = new ArrayList<Map<String, String>>();
        String[] fields = null;
        int expected = -1;
        BufferedReader r = new BufferedReader(
                new InputStreamReader(new FileInputStream(new File(root(), path)), UTF_8));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("# cases: ")) {
                    expected = Integer.parseInt(line.substring(9).trim());
                } else if (line.startsWith("# fields: ")) {
                    fields = line.substring(10).trim().split(" ");
                } else if (!line.startsWith("#")) {
                    String[] v = line.split(" ");
                    assertEquals(fields.length, v.length, path + ": a case with the wrong field count");
                    Map<String, String> c = new HashMap<String, String>();
                    for (int i = 0; i < v.length; i++) {
                        c.put(fields[i], v[i]);
                    }
                    cases.add(c);
                }
            }
        } finally {
            r.close();
        }
        assertEquals(expected, cases.size(), path + ": case count");
        return cases;
    }

    /** Asserts that call throws CliquetException with status. */
    static CliquetException assertStatus(CliquetException.Status status, Executable call) {
        CliquetException e = assertThrows(CliquetException.class, call);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(status.code(), e.code());
        assertEquals(status.cName(), e.statusName());
        return e;
    }

    /** A changed copy of a base64 text: one character replaced, still base64. */
    static String flip(String b64, int at) {
        char c = b64.charAt(at);
        char d = c == 'A' ? 'B' : 'A';
        return b64.substring(0, at) + d + b64.substring(at + 1);
    }
}
