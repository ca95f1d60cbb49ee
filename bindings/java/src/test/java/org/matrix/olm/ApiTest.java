/*
 * cliquet org.matrix.olm tests. SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every public member of libolm's Android SDK (listed from its sources in
 * src/test/resources/libolm-sdk-api.txt by tools/libolm_sdk_api.py) exists
 * here with the same parameter types, return type, static-ness, checked
 * exceptions and constant values, so code written against the SDK compiles
 * unchanged.
 */
class ApiTest {
    /* What is not provided, and why (README). */
    private static final List<String> OMITTED = Arrays.asList(
            "method OlmManager getDetailedVersion (Context) String");

    private static Class<?> type(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            return java.lang.reflect.Array.newInstance(type(name.substring(0, name.length() - 2)), 0).getClass();
        }
        switch (name) {
        case "void": return void.class;
        case "int": return int.class;
        case "long": return long.class;
        case "boolean": return boolean.class;
        case "byte": return byte.class;
        case "String": return String.class;
        case "StringBuffer": return StringBuffer.class;
        case "Map": return java.util.Map.class;
        case "Exception": return Exception.class;
        case "JSONObject": return org.json.JSONObject.class;
        case "DecryptMessageResult": return OlmInboundGroupSession.DecryptMessageResult.class;
        default: return Class.forName("org.matrix.olm." + name);
        }
    }

    private static Class<?>[] types(String list) throws ClassNotFoundException {
        String inner = list.substring(1, list.length() - 1);
        if (inner.isEmpty()) {
            return new Class<?>[0];
        }
        String[] names = inner.split(",");
        Class<?>[] t = new Class<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            t[i] = type(names[i]);
        }
        return t;
    }

    /** Every checked exception libolm declares is declared here (none more). */
    private static void checkThrows(String line, Class<?>[] declared, String libolm) throws Exception {
        List<Class<?>> want = new ArrayList<Class<?>>();
        if (libolm != null) {
            for (String n : libolm.split(",")) {
                want.add(type(n));
            }
        }
        for (Class<?> d : declared) {
            boolean covered = false;
            for (Class<?> w : want) {
                covered |= w.isAssignableFrom(d);
            }
            assertTrue(covered || RuntimeException.class.isAssignableFrom(d), line + ": declares " + d);
        }
        for (Class<?> w : want) {
            assertTrue(Arrays.asList(declared).contains(w), line + ": must declare " + w);
        }
    }

    @Test
    void everyLibolmSdkMemberIsHere() throws Exception {
        File f = new File(System.getProperty("cliquet.root", "."),
                "bindings/java/src/test/resources/libolm-sdk-api.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(new FileInputStream(f), "UTF-8"));
        int checked = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || OMITTED.contains(line)) {
                    continue;
                }
                String[] throwsSplit = line.split(" throws ");
                String libolmThrows = throwsSplit.length > 1 ? throwsSplit[1] : null;
                String[] w = throwsSplit[0].split(" ");
                Class<?> cls = Class.forName("org.matrix.olm." + w[1]);
                assertTrue(Modifier.isPublic(cls.getModifiers()), line);
                if (w[0].equals("ctor")) {
                    Constructor<?> c = cls.getConstructor(types(w[2]));
                    checkThrows(line, c.getExceptionTypes(), libolmThrows);
                } else if (w[0].equals("method")) {
                    Method m = cls.getMethod(w[2], types(w[3]));
                    assertEquals(type(w[4]), m.getReturnType(), line);
                    assertEquals(w.length > 5 && w[5].equals("static"), Modifier.isStatic(m.getModifiers()), line);
                    checkThrows(line, m.getExceptionTypes(), libolmThrows);
                } else if (w[0].equals("field")) {
                    Field fl = cls.getField(w[2]);
                    assertEquals(type(w[3]), fl.getType(), line);
                    boolean isStatic = w.length > 4 && w[4].equals("static");
                    assertEquals(isStatic, Modifier.isStatic(fl.getModifiers()), line);
                    int eq = line.indexOf(" = ");
                    if (eq > 0) {
                        String value = line.substring(eq + 3);
                        Object actual = fl.get(null);
                        String shown = actual instanceof String ? "\"" + actual + "\"" : String.valueOf(actual);
                        assertEquals(value, shown, line);
                        assertTrue(Modifier.isFinal(fl.getModifiers()), line);
                    }
                } else {
                    fail("unknown line: " + line);
                }
                checked++;
            }
        } finally {
            r.close();
        }
        assertEquals(158, checked);
    }
}
