package io.msap.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clones of a local repository made with JGit: a branch, a tag, a missing ref, an address outside the roots. */
class ScmCloneTests {

    @TempDir
    Path root;

    private GitRepositories git;
    private Path repo;
    private String mainCommit;
    private String tagCommit;

    @BeforeEach
    void repository() throws Exception {
        git = new GitRepositories(Duration.ofSeconds(5), List.of(root));
        repo = root.resolve("demo");
        PersonIdent who = new PersonIdent("Test", "test@example.com");
        try (Git created =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("version.txt"), "1\n");
            created.add().addFilepattern("version.txt").call();
            RevCommit first = created.commit()
                    .setMessage("first")
                    .setAuthor(who)
                    .setCommitter(who)
                    .call();
            tagCommit = first.name();
            created.tag().setName("v1").setAnnotated(false).call();
            Files.writeString(repo.resolve("version.txt"), "2\n");
            created.add().addFilepattern("version.txt").call();
            mainCommit = created.commit()
                    .setMessage("second")
                    .setAuthor(who)
                    .setCommitter(who)
                    .call()
                    .name();
        }
    }

    @AfterEach
    void close() {
        git.destroy();
    }

    @Test
    void clonesABranchAndChecksItOut() throws Exception {
        Path dir = root.resolve("work-branch");
        GitRepositories.CloneResult result = git.cloneTo(
                repo.toUri().toString(), "main", null, GitRepositories.Protocols.HTTP_OR_FILE, dir, () -> false);
        assertThat(result.ref()).isEqualTo("refs/heads/main");
        assertThat(result.commitId()).isEqualTo(mainCommit);
        assertThat(Files.readString(dir.resolve("version.txt"))).isEqualTo("2\n");
    }

    @Test
    void clonesATagAtItsCommit() throws Exception {
        Path dir = root.resolve("work-tag");
        GitRepositories.CloneResult result = git.cloneTo(
                repo.toUri().toString(), "v1", null, GitRepositories.Protocols.HTTP_OR_FILE, dir, () -> false);
        assertThat(result.ref()).isEqualTo("refs/tags/v1");
        assertThat(result.commitId()).isEqualTo(tagCommit);
        assertThat(Files.readString(dir.resolve("version.txt"))).isEqualTo("1\n");
    }

    @Test
    void aMissingBranchIsNamed() {
        assertThatThrownBy(() -> git.cloneTo(
                        repo.toUri().toString(),
                        "nope",
                        null,
                        GitRepositories.Protocols.HTTP_OR_FILE,
                        root.resolve("x"),
                        () -> false))
                .isInstanceOfSatisfying(GitAccessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GitFailure.REF_NOT_FOUND);
                    assertThat(e.args()).contains("nope");
                });
        assertThat(root.resolve("x")).doesNotExist();
    }

    @Test
    void aFileAddressIsRefusedWhereOnlyHttpIsAllowed() {
        assertThatThrownBy(() -> git.cloneTo(
                        repo.toUri().toString(),
                        "main",
                        null,
                        GitRepositories.Protocols.HTTP,
                        root.resolve("y"),
                        () -> false))
                .isInstanceOfSatisfying(
                        GitAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(GitFailure.PROTOCOL_NOT_ALLOWED));
    }
}
