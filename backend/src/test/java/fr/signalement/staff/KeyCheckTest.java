package fr.signalement.staff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #11 item 8: the published dev key is recognised by its material, wherever it is put. */
class KeyCheckTest {
    @TempDir
    Path dir;

    private Path copyOf(String resource, String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @Test
    void aCopyOfTheDevKeyUnderAnotherNameIsStillTheDevKey() throws Exception {
        assertTrue(KeyCheck.isDevKey(copyOf(KeyCheck.DEV_PRIVATE_KEY, "signing.pem").toString(), true));
        assertTrue(KeyCheck.isDevKey("file:" + copyOf(KeyCheck.DEV_PUBLIC_KEY, "verify.pem"), false));
        assertTrue(KeyCheck.isDevKey("classpath:" + KeyCheck.DEV_PUBLIC_KEY, false));
    }

    @Test
    void aKeyPairOfTheCommunesOwnIsAccepted() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        Path priv = dir.resolve("private.pem");
        Path pub = dir.resolve("public.pem");
        Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        assertFalse(KeyCheck.isDevKey(priv.toString(), true));
        assertFalse(KeyCheck.isDevKey(pub.toString(), false));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
