package io.msap.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EOP signature against the check vectors of the issue, and the canonical query it signs. */
class EopSignatureTests {

    private static final String AK = "0123456789abcdef0123456789abcdef";
    private static final String SK = "fedcba9876543210fedcba9876543210";
    private static final String REQUEST_ID = "27cfe4dc-e640-45f6-92ca-492ca73e8680";
    private static final String DATE = "20220525T160752Z";

    @Test
    void signsTheCheckVectorWithQueryAndBody() {
        String signature = EopSignature.sign(
                AK, SK, REQUEST_ID, DATE, "aa=1&bb=2", "{\"projectId\":\"p1\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("Ube8ydD9rJ0GZdZbr4y1EF1HJwRMBUASXbgp0CPUAgI=");
    }

    @Test
    void signsTheCheckVectorWithEmptyQueryAndBody() {
        String signature = EopSignature.sign(AK, SK, REQUEST_ID, DATE, "", new byte[0]);

        assertThat(signature).isEqualTo("emgysjvWYMGkdUE7YbJXAmURQbj44GayWFc79OlWKaU=");
    }

    @Test
    void theCheckVectorQueryIsWhatCanonicalQueryMakesOfUnsortedParameters() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("bb", new String[] {"2"});
        parameters.put("aa", new String[] {"1"});

        String query = EopSignature.canonicalQuery(parameters);

        assertThat(query).isEqualTo("aa=1&bb=2");
        assertThat(EopSignature.sign(
                        AK, SK, REQUEST_ID, DATE, query, "{\"projectId\":\"p1\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Ube8ydD9rJ0GZdZbr4y1EF1HJwRMBUASXbgp0CPUAgI=");
    }

    @Test
    void anyChangeToTheSignedPartsChangesTheSignature() {
        byte[] body = "{\"projectId\":\"p1\"}".getBytes(StandardCharsets.UTF_8);
        String good = EopSignature.sign(AK, SK, REQUEST_ID, DATE, "aa=1&bb=2", body);

        assertThat(EopSignature.sign(AK, SK, REQUEST_ID, DATE, "aa=1&bb=3", body))
                .isNotEqualTo(good);
        assertThat(EopSignature.sign(
                        AK,
                        SK,
                        REQUEST_ID,
                        DATE,
                        "aa=1&bb=2",
                        "{\"projectId\":\"p2\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(good);
        assertThat(EopSignature.sign(AK, SK, "27cfe4dc-e640-45f6-92ca-492ca73e8681", DATE, "aa=1&bb=2", body))
                .isNotEqualTo(good);
        assertThat(EopSignature.sign(AK, SK, REQUEST_ID, "20220525T160753Z", "aa=1&bb=2", body))
                .isNotEqualTo(good);
        assertThat(EopSignature.sign(AK, "fedcba9876543210fedcba9876543211", REQUEST_ID, DATE, "aa=1&bb=2", body))
                .isNotEqualTo(good);
    }

    @Test
    void canonicalQuerySortsKeysAndKeepsRepeatedValuesInOrder() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("pageSize", new String[] {"10"});
        parameters.put("b", new String[] {"2", "1"});
        parameters.put("a", new String[] {"x"});
        parameters.put("B", new String[] {"upper"});

        assertThat(EopSignature.canonicalQuery(parameters)).isEqualTo("B=upper&a=x&b=2&b=1&pageSize=10");
    }

    @Test
    void canonicalQueryOfNoParametersIsEmpty() {
        assertThat(EopSignature.canonicalQuery(Map.of())).isEmpty();
    }

    @Test
    void canonicalQueryEncodesValuesAsRfc3986() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("name", new String[] {"a b+c~d*e/f?g=h&i%j"});
        parameters.put("cn", new String[] {"测试"});
        parameters.put("safe", new String[] {"AZaz09-_.~"});

        assertThat(EopSignature.canonicalQuery(parameters))
                .isEqualTo("cn=%E6%B5%8B%E8%AF%95&name=a%20b%2Bc~d%2Ae%2Ff%3Fg%3Dh%26i%25j&safe=AZaz09-_.~");
    }

    @Test
    void rfc3986KeepsUnreservedCharactersAndEncodesSpaceAsPercent20() {
        assertThat(EopSignature.rfc3986("a b")).isEqualTo("a%20b");
        assertThat(EopSignature.rfc3986("~")).isEqualTo("~");
        assertThat(EopSignature.rfc3986("*")).isEqualTo("%2A");
        assertThat(EopSignature.rfc3986("+")).isEqualTo("%2B");
        assertThat(EopSignature.rfc3986("")).isEmpty();
    }
}
