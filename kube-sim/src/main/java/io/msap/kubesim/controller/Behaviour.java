package io.msap.kubesim.controller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a simulated container behaves, chosen by its image reference: {@code crashloop} crashes again and again,
 * {@code imagepullfail} never pulls, {@code slowstart} runs but becomes ready late; anything else starts normally.
 */
public enum Behaviour {
    NORMAL,
    SLOW_START,
    CRASH_LOOP,
    IMAGE_PULL_FAIL;

    public static Behaviour of(String image) {
        String i = image == null ? "" : image.toLowerCase(Locale.ROOT);
        if (i.contains("imagepullfail")) {
            return IMAGE_PULL_FAIL;
        }
        if (i.contains("crashloop")) {
            return CRASH_LOOP;
        }
        if (i.contains("slowstart")) {
            return SLOW_START;
        }
        return NORMAL;
    }

    /** A stable fake digest of an image reference. */
    public static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The imageID a runtime reports: the fully qualified repository with the digest. */
    public static String imageId(String image) {
        String repo = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = repo.lastIndexOf('/');
        int colon = repo.lastIndexOf(':');
        if (colon > slash) {
            repo = repo.substring(0, colon);
        }
        if (!repo.contains("/")) {
            repo = "docker.io/library/" + repo;
        } else if (!repo.substring(0, repo.indexOf('/')).contains(".")
                && !repo.substring(0, repo.indexOf('/')).contains(":")
                && !repo.startsWith("localhost/")) {
            repo = "docker.io/" + repo;
        }
        return repo + "@sha256:" + digest(image);
    }

    /** The full image name as a runtime reports it ({@code nginx:1.25} → {@code docker.io/library/nginx:1.25}). */
    public static String qualified(String image) {
        String id = imageId(image);
        String repo = id.substring(0, id.indexOf('@'));
        String tag = io.msap.kubesim.api.Admission.tagOf(image);
        return repo + ":" + (tag == null ? "latest" : tag);
    }

    public static String containerId(String podUid, String container, long restart) {
        return "containerd://"
                + digest(podUid + "/" + container + "/" + restart).substring(0, 64);
    }
}
