package fr.signalement.agent.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.Set;

import org.junit.Test;

/** Photo cache on files (plain JVM: only java.io is used). */
public class FileBlobStoreTest {
    @Test
    public void putGetRetainClear() throws Exception {
        FileBlobStore s = new FileBlobStore(Files.createTempDirectory("blobs").toFile());
        s.put("photo:/api/v1/photos/1", new byte[] {1});
        s.put("photo:/api/v1/photos/2", new byte[] {2});
        s.put("after:abc", new byte[] {3});
        assertArrayEquals(new byte[] {1}, s.get("photo:/api/v1/photos/1"));
        assertNull(s.get("photo:/nope"));

        s.retain("photo:", Set.of("photo:/api/v1/photos/2"));
        assertFalse(s.has("photo:/api/v1/photos/1"));
        assertTrue(s.has("photo:/api/v1/photos/2"));
        assertTrue("queued after photos are never pruned", s.has("after:abc"));

        s.remove("after:abc");
        assertFalse(s.has("after:abc"));
        s.clear();
        assertFalse(s.has("photo:/api/v1/photos/2"));
    }
}
