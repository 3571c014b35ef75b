package io.msap.scm;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which repository addresses MSAP may open: {@code http://} and {@code https://} with a host and no user info, and
 * where the caller allows it {@code file:///} paths inside the configured roots (after resolving symbolic links).
 * Everything else — ssh, {@code git://}, scp-like {@code git@host:path}, bare local paths, {@code ..} segments — is
 * refused before any connection is made.
 */
final class ScmUrlPolicy {

    private static final Pattern PARENT_SEGMENT = Pattern.compile("(^|/)(\\.|%2e|%2E){2}(/|$)");

    private final List<Path> fileRoots;

    ScmUrlPolicy(List<Path> fileRoots) {
        this.fileRoots = fileRoots.stream().map(ScmUrlPolicy::realOrNormal).toList();
    }

    List<Path> fileRoots() {
        return fileRoots;
    }

    /** An allowed address, normalized for JGit (file paths resolved to their real location). */
    record Checked(URI uri, boolean local) {
        String forGit() {
            return uri.toString();
        }
    }

    Checked check(String address, boolean fileAllowed) {
        String text = address == null ? "" : address.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw notAllowed(fileAllowed);
        }
        if (text.isEmpty() || uri.getScheme() == null || uri.isOpaque()) {
            throw notAllowed(fileAllowed);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http") || scheme.equals("https");
        if (!http && !(scheme.equals("file") && fileAllowed)) {
            throw notAllowed(fileAllowed);
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (PARENT_SEGMENT.matcher(rawPath).find()) {
            throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.parent");
        }
        if (uri.getRawUserInfo() != null) {
            throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.credentials");
        }
        if (uri.getRawFragment() != null || uri.getRawQuery() != null) {
            throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.query");
        }
        if (http) {
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.host");
            }
            return new Checked(uri, false);
        }
        return new Checked(localPath(uri).toUri(), true);
    }

    /**
     * Whether {@code repository} lives on the server {@code server} names: same scheme, host and port for http(s), so
     * that a connection's secret is only ever sent to the server it was entered for; any allowed path for file.
     */
    boolean sameServer(Checked server, Checked repository) {
        if (server.local() || repository.local()) {
            return server.local() && repository.local();
        }
        URI a = server.uri();
        URI b = repository.uri();
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private Path localPath(URI uri) {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.fileHost");
        }
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.fileRoot", rootList());
        }
        Path real = realOrNormal(path);
        if (fileRoots.stream().noneMatch(real::startsWith)) {
            throw new GitAccessException(GitFailure.PROTOCOL_NOT_ALLOWED, "scm.url.fileRoot", rootList());
        }
        return real;
    }

    private String rootList() {
        return fileRoots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    private static GitAccessException notAllowed(boolean fileAllowed) {
        return new GitAccessException(
                GitFailure.PROTOCOL_NOT_ALLOWED, fileAllowed ? "scm.url.schemeOrFile" : "scm.url.scheme");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * The path with symbolic links resolved: its deepest existing ancestor's real path plus the rest, so that neither
     * a link nor a name JGit completes later ({@code repo} → {@code repo.git}) can lead outside a root.
     */
    private static Path realOrNormal(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
