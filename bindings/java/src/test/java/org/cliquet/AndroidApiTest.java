/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The shipped sources name only platform classes that Android offers at API
 * level 24 (javac --release 8 checks Java 8 alone; Android's library is
 * smaller: no java.util.Base64 or java.time before 26, no Cleaner before 33).
 * A new platform class must be checked against Android's API level and added.
 */
class AndroidApiTest {
    /* Every one is in Android's API level 1 to 24. */
    private static final Set<String> ALLOWED = new HashSet<String>(Arrays.asList(
            "java.io.IOException", "java.io.ObjectInputStream", "java.io.ObjectOutputStream",
            "java.io.Serializable", "java.io.UnsupportedEncodingException",
            "java.lang.ref.PhantomReference", "java.lang.ref.ReferenceQueue",
            "java.nio.charset.Charset",
            "java.util.ArrayList", "java.util.Arrays", "java.util.Collections", "java.util.HashMap",
            "java.util.HashSet", "java.util.Iterator", "java.util.List", "java.util.Map",
            "java.util.Set", "java.util.concurrent.atomic.AtomicLong",
            /* java.util.function came to Android with API level 24. */
            "java.util.function.BiFunction", "java.util.function.Function",
            "javax.security.auth.Destroyable",
            "org.json.JSONObject"));

    private static void scan(File dir, Set<String> found) throws IOException {
        Pattern qualified = Pattern.compile("\\b((?:java|javax|android|org\\.json)\\.[a-z0-9.]*[A-Z]\\w*)");
        File[] files = dir.listFiles();
        if (files == null) {
            return;
        }
        for (File f : files) {
            if (f.isDirectory()) {
                scan(f, found);
            } else if (f.getName().endsWith(".java")) {
                String src = new String(Files.readAllBytes(f.toPath()), TestSupport.UTF_8);
                src = src.replaceAll("(?s)/\\*.*?\\*/", "");
                Matcher m = qualified.matcher(src);
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
    }

    @Test
    void onlyPlatformClassesOfAndroidApi24() throws IOException {
        Set<String> found = new TreeSet<String>();
        scan(new File(TestSupport.root(), "bindings/java/src/main/java"), found);
        Set<String> unknown = new TreeSet<String>(found);
        unknown.removeAll(ALLOWED);
        assertTrue(unknown.isEmpty(), "platform classes not checked against Android API 24: " + unknown);
        assertTrue(found.contains("java.lang.ref.PhantomReference"), "the scan must see the sources: " + found);
    }
}
