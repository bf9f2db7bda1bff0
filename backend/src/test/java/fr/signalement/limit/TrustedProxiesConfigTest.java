package fr.signalement.limit;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trusted proxies must be addresses, never host names: Quarkus resolves a host name through DNS
 * on every request (a new UDP socket each time). A bare IPv6 address such as "::1" is read as host
 * ":" port 1, i.e. a name; behind HAProxy that cost a 5 s stall whenever the resolver was slow and
 * ran the process out of file descriptors. IPv4 literals and CIDR blocks are parsed as addresses.
 */
class TrustedProxiesConfigTest {
    private static final Pattern CIDR = Pattern.compile(".+/\\d+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Test
    void everyTrustedProxyIsAnAddressOrABlock() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        String value = p.getProperty("quarkus.http.proxy.trusted-proxies");
        assertFalse(value == null || value.isBlank(), "trusted proxies configured");
        for (String part : value.split(",")) {
            String entry = part.trim();
            assertTrue(CIDR.matcher(entry).matches() || IPV4.matcher(entry).matches(),
                    "'" + entry + "' would be looked up in DNS on every request: write an IPv4 address or a CIDR block (::1/128)");
        }
    }
}
