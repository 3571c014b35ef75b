package io.msap.release;

import java.util.regex.Pattern;

/**
 * An image reference split the way listHistoryDeployVersion shows it: {@code registry.example.com:5000/team/app:1.2}
 * has name {@code registry.example.com:5000/team/app} and version {@code 1.2} (a digest reference keeps its digest as
 * the version; no tag means {@code latest}).
 */
record ImageRef(String name, String version) {

    /** Docker's reference grammar, simplified: lowercase path components, an optional tag, an optional digest. */
    static final Pattern VALID =
            Pattern.compile("^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
                    + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$");

    static boolean valid(String reference) {
        return reference != null
                && reference.length() <= 512
                && VALID.matcher(reference).matches();
    }

    static ImageRef parse(String reference) {
        int at = reference.indexOf('@');
        if (at > 0) {
            return new ImageRef(reference.substring(0, at), reference.substring(at + 1));
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(reference.substring(0, colon), reference.substring(colon + 1));
        }
        return new ImageRef(reference, "latest");
    }
}
