package io.msap.kubernetes;

import io.msap.shared.MsapException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a kubeconfig may hold to be registered: inline credentials only (a token, client certificate data, or none for
 * a loopback http server). Commands ({@code exec}), auth providers and file paths would run or read things on the
 * platform's host, so they are refused.
 */
final class KubeconfigCheck {

    private static final List<String> FILE_KEYS =
            List.of("certificate-authority", "client-certificate", "client-key", "tokenFile");

    private KubeconfigCheck() {}

    @SuppressWarnings("unchecked")
    static void requireInlineCredentials(String kubeconfig) {
        Object parsed;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            options.setCodePointLimit(1024 * 1024);
            parsed = new Yaml(new SafeConstructor(options)).load(kubeconfig);
        } catch (RuntimeException e) {
            throw MsapException.badField("kubeconfig", "kubernetes.kubeconfig.unreadable");
        }
        if (!(parsed instanceof Map<?, ?> root)
                || !(root.get("clusters") instanceof List<?> clusters)
                || clusters.isEmpty()) {
            throw MsapException.badField("kubeconfig", "kubernetes.kubeconfig.unreadable");
        }
        for (Object entry : clusters) {
            if (entry instanceof Map<?, ?> named && named.get("cluster") instanceof Map<?, ?> cluster) {
                refuseFiles((Map<String, Object>) cluster);
            }
        }
        if (root.get("users") instanceof List<?> users) {
            for (Object entry : users) {
                if (entry instanceof Map<?, ?> named && named.get("user") instanceof Map<?, ?> user) {
                    if (user.containsKey("exec") || user.containsKey("auth-provider")) {
                        throw MsapException.badField("kubeconfig", "kubernetes.kubeconfig.plugin");
                    }
                    refuseFiles((Map<String, Object>) user);
                }
            }
        }
    }

    private static void refuseFiles(Map<String, Object> section) {
        for (String key : FILE_KEYS) {
            if (section.containsKey(key)) {
                throw MsapException.badField("kubeconfig", "kubernetes.kubeconfig.file", key);
            }
        }
    }
}
