package io.msap.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (secret keys, git tokens, kubeconfigs) with AES-256-GCM. A ciphertext is
 * {@code <keyId>:<base64(iv || ciphertext || tag)>}, so keys can rotate: new secrets use the active key, old ones stay
 * readable while their key is configured.
 *
 * <p>Keys come from {@code msap.secrets.keys} ({@code k1:<base64 32 bytes>,k2:...}) with {@code msap.secrets.active-key}
 * naming the one to encrypt with. When none is configured, a key {@code k1} is generated once into
 * {@code $MSAP_DATA_DIR/secret-keys}; replicas sharing a database must be given the same keys in configuration.
 */
@Component
public class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    SecretCipher(
            @Value("${msap.secrets.keys:}") String configuredKeys,
            @Value("${msap.secrets.active-key:}") String activeKey,
            DataDirectory dataDirectory) {
        String keyText = configuredKeys.isBlank() ? localKeys(dataDirectory.resolve("secret-keys")) : configuredKeys;
        this.keys = parseKeys(keyText);
        this.activeKeyId = activeKey.isBlank() ? keys.keySet().iterator().next() : activeKey.trim();
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("msap.secrets.active-key names no configured key: " + activeKeyId);
        }
    }

    public String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String ciphertext) {
        int colon = ciphertext.indexOf(':');
        SecretKeySpec key = colon > 0 ? keys.get(ciphertext.substring(0, colon)) : null;
        if (key == null) {
            throw new IllegalStateException("secret was encrypted with a key that is not configured");
        }
        byte[] in = Base64.getDecoder().decode(ciphertext.substring(colon + 1));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(ciphertext.substring(0, colon).getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    private static Map<String, SecretKeySpec> parseKeys(String text) {
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("msap.secrets.keys entries look like k1:<base64 of 32 bytes>");
            }
            byte[] material =
                    Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
            if (material.length != 32) {
                throw new IllegalStateException("secret key " + trimmed.substring(0, colon) + " must be 32 bytes");
            }
            parsed.put(trimmed.substring(0, colon), new SecretKeySpec(material, "AES"));
        }
        return parsed;
    }

    private static String localKeys(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] material = new byte[32];
            RANDOM.nextBytes(material);
            String keys = "k1:" + Base64.getEncoder().encodeToString(material);
            Files.writeString(file, keys + "\n");
            restrictToOwner(file);
            log.warn(
                    "No msap.secrets.keys configured: generated a secret key in {}. Servers sharing a database need the same keys.",
                    file);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a file of secrets readable by its owner only, where the file system supports it. */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to do
        }
    }
}
