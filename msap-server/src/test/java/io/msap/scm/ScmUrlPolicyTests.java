package io.msap.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which repository addresses MSAP opens: http(s) everywhere, file:// only when allowed and only under the roots. */
class ScmUrlPolicyTests {

    @TempDir
    Path root;

    @TempDir
    Path elsewhere;

    private ScmUrlPolicy policy() {
        return new ScmUrlPolicy(List.of(root));
    }

    private static void refused(Runnable check, String messageKey) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(GitAccessException.class, e -> {
            assertThat(e.reason()).isEqualTo(GitFailure.PROTOCOL_NOT_ALLOWED);
            assertThat(e.messageKey()).isEqualTo(messageKey);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/msap/demo.git",
                "http://git.example.com:8080/group/sub/demo",
                "HTTPS://Gitee.com/a/b.git",
                "  https://gitlab.example.com/a/b.git  ",
                "http://127.0.0.1:3000/x.git"
            })
    void acceptsHttpAddresses(String url) {
        ScmUrlPolicy.Checked checked = policy().check(url, false);
        assertThat(checked.local()).isFalse();
        assertThat(checked.forGit()).isEqualTo(url.trim());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ssh://git@github.com/a/b.git",
                "git://github.com/a/b.git",
                "git@github.com:a/b.git",
                "ftp://example.com/a.git",
                "/tmp/repo.git",
                "repo.git",
                "",
                "   ",
                "mailto:someone@example.com",
                "https://exa mple.com/a.git"
            })
    void refusesOtherProtocolsForCodeHosts(String url) {
        refused(() -> policy().check(url, false), "scm.url.scheme");
    }

    @Test
    void refusesFileAddressesWhereOnlyHttpIsAllowed() throws IOException {
        Path repo = Files.createDirectories(root.resolve("repo.git"));
        refused(() -> policy().check(repo.toUri().toString(), false), "scm.url.scheme");
    }

    @Test
    void namesFileAddressesInTheMessageWhereTheyAreAllowed() {
        refused(() -> policy().check("ssh://host/a.git", true), "scm.url.schemeOrFile");
    }

    @Test
    void refusesUserInfoQueriesAndMissingHosts() {
        refused(() -> policy().check("https://user:secret@github.com/a/b.git", false), "scm.url.credentials");
        refused(() -> policy().check("https://token@github.com/a/b.git", false), "scm.url.credentials");
        refused(() -> policy().check("https://github.com/a/b.git?x=1", false), "scm.url.query");
        refused(() -> policy().check("https://github.com/a/b.git#main", false), "scm.url.query");
        refused(() -> policy().check("https:///a/b.git", false), "scm.url.host");
    }

    @Test
    void refusesParentSegmentsPlainOrEncoded() {
        refused(() -> policy().check("https://github.com/a/../b.git", false), "scm.url.parent");
        refused(() -> policy().check("https://github.com/a/%2e%2e/b.git", false), "scm.url.parent");
        refused(() -> policy().check(root.toUri() + "../etc", true), "scm.url.parent");
    }

    @Test
    void acceptsFileAddressesUnderARoot() throws IOException {
        Path repo = Files.createDirectories(root.resolve("team/repo.git"));
        ScmUrlPolicy.Checked checked = policy().check(repo.toUri().toString(), true);
        assertThat(checked.local()).isTrue();
        assertThat(Path.of(checked.uri())).isEqualTo(repo.toRealPath());
        // a path that does not exist yet is judged by where it would be
        assertThat(policy().check(root.toUri() + "missing.git", true).local()).isTrue();
    }

    @Test
    void refusesFileAddressesOutsideTheRoots() throws IOException {
        Path repo = Files.createDirectories(elsewhere.resolve("repo.git"));
        refused(() -> policy().check(repo.toUri().toString(), true), "scm.url.fileRoot");
        refused(() -> policy().check("file:///etc/passwd", true), "scm.url.fileRoot");
        refused(() -> policy().check("file://server/share/repo.git", true), "scm.url.fileHost");
    }

    @Test
    void refusesSymbolicLinksThatLeadOutOfARoot() throws IOException {
        Files.createDirectories(elsewhere.resolve("secret.git"));
        Path link = Files.createSymbolicLink(root.resolve("link"), elsewhere);
        refused(() -> policy().check(link.resolve("secret.git").toUri().toString(), true), "scm.url.fileRoot");
        // JGit would complete "secret" to "secret.git": a missing name below a link is judged by the link's target
        refused(() -> policy().check(link.resolve("secret").toUri().toString(), true), "scm.url.fileRoot");
    }

    @Test
    void sameServerComparesSchemeHostAndPort() {
        ScmUrlPolicy policy = policy();
        assertThat(same(policy, "https://github.com", "https://GitHub.com/a/b.git"))
                .isTrue();
        assertThat(same(policy, "https://github.com:443/", "https://github.com/a/b.git"))
                .isTrue();
        assertThat(same(policy, "https://github.com", "http://github.com/a/b.git"))
                .isFalse();
        assertThat(same(policy, "https://github.com", "https://github.com.evil.example/a/b.git"))
                .isFalse();
        assertThat(same(policy, "https://git.example.com:8443", "https://git.example.com/a.git"))
                .isFalse();
        assertThat(same(policy, root.toUri().toString(), root.toUri() + "a.git"))
                .isTrue();
        assertThat(same(policy, root.toUri().toString(), "https://github.com/a/b.git"))
                .isFalse();
    }

    private static boolean same(ScmUrlPolicy policy, String server, String repo) {
        return policy.sameServer(policy.check(server, true), policy.check(repo, true));
    }
}
