package io.msap.security;

import io.msap.shared.Hashes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The China Telecom Cloud EOP request signature, as its clients compute it.
 *
 * <pre>
 * stringToSign = "ctyun-eop-request-id:" + id + "\neop-date:" + date + "\n" + "\n" + query + "\n" + hex(sha256(body))
 * ktime = HMAC(SK, date); kak = HMAC(ktime, AK); kdate = HMAC(kak, date[0..8])
 * signature = base64(HMAC(kdate, stringToSign))          (HMAC-SHA256 throughout)
 * </pre>
 *
 * where {@code query} is the query parameters sorted by key, values RFC 3986-encoded, joined by {@code &}.
 */
final class EopSignature {

    private EopSignature() {}

    static String sign(
            String accessKey, String secretKey, String requestId, String eopDate, String canonicalQuery, byte[] body) {
        String stringToSign = "ctyun-eop-request-id:" + requestId + "\neop-date:" + eopDate + "\n" + "\n"
                + canonicalQuery + "\n" + Hashes.sha256Hex(body);
        byte[] ktime = hmac(secretKey.getBytes(StandardCharsets.UTF_8), eopDate);
        byte[] kak = hmac(ktime, accessKey);
        byte[] kdate = hmac(kak, eopDate.substring(0, 8));
        return Base64.getEncoder().encodeToString(hmac(kdate, stringToSign));
    }

    /** The query part of the string to sign: keys sorted (stable for repeated keys), values RFC 3986-encoded. */
    static String canonicalQuery(Map<String, String[]> parameters) {
        return parameters.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .flatMap(e -> List.of(e.getValue()).stream().map(v -> e.getKey() + "=" + rfc3986(v)))
                .collect(Collectors.joining("&"));
    }

    static String rfc3986(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
