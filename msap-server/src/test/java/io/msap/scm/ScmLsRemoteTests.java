package io.msap.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls-remote for real: a repository made with JGit, a closed port, a server that wants credentials, a silent one. */
class ScmLsRemoteTests {

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private GitRepositories git(Duration timeout) {
        GitRepositories git = new GitRepositories(timeout, List.of(root));
        open.add(git::destroy);
        return git;
    }

    private static final GitCredentials CREDENTIALS = GitCredentials.token(null, "not-a-real-token");

    @Test
    void listsBranchesTagsAndTheDefaultBranchOfALocalRepository() throws Exception {
        Path repo = root.resolve("demo");
        try (Git created =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README.md"), "hello\n");
            created.add().addFilepattern("README.md").call();
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            created.commit()
                    .setMessage("first")
                    .setAuthor(who)
                    .setCommitter(who)
                    .call();
            created.branchCreate().setName("feature/login").call();
            created.tag()
                    .setName("v1.0.0")
                    .setTagger(who)
                    .setMessage("first release")
                    .call();
            created.tag().setName("light").setAnnotated(false).call();
        }

        RemoteRefs refs = git(Duration.ofSeconds(5))
                .lsRemote(repo.toUri().toString(), CREDENTIALS, GitRepositories.Protocols.HTTP_OR_FILE);

        assertThat(refs.branches()).containsExactly("feature/login", "main");
        assertThat(refs.tags()).containsExactly("light", "v1.0.0");
        assertThat(refs.defaultBranch()).isEqualTo("main");
    }

    @Test
    void aMissingLocalRepositoryIsNotFound() throws Exception {
        assertFailure(
                () -> git(Duration.ofSeconds(5))
                        .lsRemote(root.toUri() + "nothing.git", CREDENTIALS, GitRepositories.Protocols.HTTP_OR_FILE),
                GitFailure.REPOSITORY_NOT_FOUND);
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/x.git";
        assertFailure(
                () -> git(Duration.ofSeconds(5)).lsRemote(url, CREDENTIALS, GitRepositories.Protocols.HTTP),
                GitFailure.HOST_UNREACHABLE);
    }

    @Test
    void aServerThatRefusesTheCredentialsIsAnAuthenticationFailure() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        open.add(() -> server.stop(0));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/team/demo.git";
        assertFailure(
                () -> git(Duration.ofSeconds(5)).lsRemote(url, CREDENTIALS, GitRepositories.Protocols.HTTP),
                GitFailure.AUTHENTICATION_FAILED);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        open.add(silent);
        String url = "http://127.0.0.1:" + silent.getLocalPort() + "/x.git";
        long start = System.nanoTime();
        assertFailure(
                () -> git(Duration.ofSeconds(1)).lsRemote(url, CREDENTIALS, GitRepositories.Protocols.HTTP),
                GitFailure.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void refusesAddressesBeforeContactingAnything() {
        assertFailure(
                () -> git(Duration.ofSeconds(5))
                        .lsRemote("ssh://git@github.com/a/b.git", CREDENTIALS, GitRepositories.Protocols.HTTP),
                GitFailure.PROTOCOL_NOT_ALLOWED);
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertThat(GitCredentials.token(null, "ghp_secret").toString())
                .doesNotContain("ghp_secret")
                .contains(GitCredentials.TOKEN_USER);
        assertThat(new GitCredentials("alice", "pw-secret").toString()).doesNotContain("pw-secret");
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private static void assertFailure(Action action, GitFailure reason) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        GitAccessException.class,
                        e -> assertThat(e.reason()).as(e.messageKey()).isEqualTo(reason));
    }
}
