package io.msap.scm;

import io.msap.shared.DataDirectory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Remote git repositories, through JGit: checks addresses against the allowed protocols and file roots, lists a
 * repository's branches and tags (ls-remote), clones one branch or tag into a directory (for pipeline builds), and
 * turns every failure into a {@link GitFailure} with a message the user can act on. Every ls-remote is bounded by
 * {@code msap.scm.timeout}; a clone by {@code msap.scm.clone-timeout} as a whole and {@code msap.scm.timeout} for each
 * read.
 */
@Service
public class GitRepositories implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GitRepositories.class);

    /** Which addresses a caller accepts: code hosts take http(s) only, plain git connections also local paths. */
    public enum Protocols {
        HTTP,
        HTTP_OR_FILE
    }

    /** What a clone checked out: the full ref name ({@code refs/heads/main}, {@code refs/tags/v1}) and its commit. */
    public record CloneResult(String ref, String commitId) {}

    private final ScmUrlPolicy urls;
    private final Duration timeout;
    private final Duration cloneTimeout;
    private final ExecutorService calls;

    @Autowired
    GitRepositories(
            @Value("${msap.scm.timeout:15s}") Duration timeout,
            @Value("${msap.scm.clone-timeout:10m}") Duration cloneTimeout,
            @Value("${msap.scm.file-roots:}") String fileRoots,
            DataDirectory dataDirectory) {
        this(timeout, cloneTimeout, roots(fileRoots, dataDirectory));
    }

    GitRepositories(Duration timeout, List<Path> fileRoots) {
        this(timeout, Duration.ofMinutes(10), fileRoots);
    }

    GitRepositories(Duration timeout, Duration cloneTimeout, List<Path> fileRoots) {
        IsolatedGitConfig.install();
        this.timeout = timeout;
        this.cloneTimeout = cloneTimeout;
        this.urls = new ScmUrlPolicy(fileRoots);
        AtomicInteger count = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(0, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "git-remote-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ((ThreadPoolExecutor) calls).allowCoreThreadTimeOut(true);
        log.info(
                "git: file:// repositories allowed under {}; remote calls time out after {}",
                urls.fileRoots(),
                timeout);
    }

    /**
     * Checks that {@code url} may be used with {@code protocols} and answers it normalized (file paths resolved).
     * Throws {@link GitAccessException} with {@link GitFailure#PROTOCOL_NOT_ALLOWED} otherwise; nothing is contacted.
     */
    public String checkUrl(String url, Protocols protocols) {
        return urls.check(url, protocols == Protocols.HTTP_OR_FILE).forGit();
    }

    /**
     * Whether the repository {@code repoUrl} is on the server {@code serverUrl} (same scheme, host and port; both local
     * for file addresses), so a secret entered for one server is never sent to another. Both must pass
     * {@link #checkUrl}.
     */
    public boolean sameServer(String serverUrl, String repoUrl, Protocols protocols) {
        boolean fileAllowed = protocols == Protocols.HTTP_OR_FILE;
        return urls.sameServer(urls.check(serverUrl, fileAllowed), urls.check(repoUrl, fileAllowed));
    }

    /**
     * The branches, tags and default branch of the repository at {@code repoUrl}, read with ls-remote. The
     * credentials are sent as HTTP basic authentication when the server asks for it (and ignored for file
     * addresses). Throws {@link GitAccessException} saying why when the address is not allowed or the repository
     * cannot be read.
     */
    public RemoteRefs lsRemote(String repoUrl, GitCredentials credentials, Protocols protocols) {
        ScmUrlPolicy.Checked address = urls.check(repoUrl, protocols == Protocols.HTTP_OR_FILE);
        Map<String, Ref> refs = call(
                address,
                () -> Git.lsRemoteRepository()
                        .setRemote(address.forGit())
                        .setHeads(false)
                        .setTags(false)
                        .setTimeout(timeoutSeconds())
                        .setCredentialsProvider(
                                credentials == null
                                        ? null
                                        : new UsernamePasswordCredentialsProvider(
                                                credentials.userName(), credentials.secret()))
                        .callAsMap());
        return refsOf(refs);
    }

    /**
     * Clones the branch or tag {@code ref} (a short name: {@code main}, {@code v1.0.0}; a branch wins over a tag of the
     * same name) of the repository at {@code repoUrl} into {@code dir}, which must not exist or be empty, and checks it
     * out. Only that ref's history is fetched. The credentials are used as for {@link #lsRemote}. Throws
     * {@link GitAccessException} saying why when the address is not allowed, the repository cannot be read
     * ({@link GitFailure#REF_NOT_FOUND} when it has no such branch or tag), or the clone takes longer than
     * {@code msap.scm.clone-timeout}; a clone stopped by {@code cancelled} (asked while it runs) throws
     * {@link java.util.concurrent.CancellationException}. What was written to {@code dir} stays for the caller to
     * remove.
     */
    public CloneResult cloneTo(
            String repoUrl,
            String ref,
            GitCredentials credentials,
            Protocols protocols,
            Path dir,
            java.util.function.BooleanSupplier cancelled) {
        ScmUrlPolicy.Checked address = urls.check(repoUrl, protocols == Protocols.HTTP_OR_FILE);
        String name = ref == null ? "" : ref.trim();
        if (name.isEmpty() || name.startsWith("-") || name.contains("..") || name.contains(" ")) {
            throw new GitAccessException(GitFailure.REF_NOT_FOUND, "scm.failure.refNotFound", display(address), name);
        }
        UsernamePasswordCredentialsProvider provider = credentials == null
                ? null
                : new UsernamePasswordCredentialsProvider(credentials.userName(), credentials.secret());
        Map<String, Ref> refs = call(
                address,
                timeout,
                () -> Git.lsRemoteRepository()
                        .setRemote(address.forGit())
                        .setTimeout(timeoutSeconds())
                        .setCredentialsProvider(provider)
                        .callAsMap());
        String fullRef = refs.containsKey(Constants.R_HEADS + name)
                ? Constants.R_HEADS + name
                : refs.containsKey(Constants.R_TAGS + name) ? Constants.R_TAGS + name : null;
        if (fullRef == null) {
            throw new GitAccessException(GitFailure.REF_NOT_FOUND, "scm.failure.refNotFound", display(address), name);
        }
        java.util.function.BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        String commit;
        try {
            commit = call(address, cloneTimeout, () -> {
                try (Git git = Git.cloneRepository()
                        .setURI(address.forGit())
                        .setDirectory(dir.toFile())
                        .setBranch(fullRef)
                        .setBranchesToClone(List.of(fullRef))
                        .setCloneAllBranches(false)
                        .setTimeout(timeoutSeconds())
                        .setCredentialsProvider(provider)
                        .setProgressMonitor(new org.eclipse.jgit.lib.EmptyProgressMonitor() {
                            @Override
                            public boolean isCancelled() {
                                return stop.getAsBoolean();
                            }
                        })
                        .call()) {
                    org.eclipse.jgit.lib.ObjectId head = git.getRepository().resolve(Constants.HEAD);
                    if (head == null) {
                        throw new IOException("nothing checked out");
                    }
                    return head.name();
                }
            });
        } catch (GitAccessException e) {
            if (stop.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("clone of " + display(address) + " cancelled");
            }
            throw e;
        }
        if (stop.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("clone of " + display(address) + " cancelled");
        }
        return new CloneResult(fullRef, commit);
    }

    @Override
    public void destroy() {
        calls.shutdownNow();
    }

    /** A remote git operation. */
    @FunctionalInterface
    private interface GitCall<T> {
        T run() throws GitAPIException, IOException;
    }

    /**
     * Runs a remote operation on a worker thread within the timeout (JGit's own timeout bounds each read; this bounds
     * the whole, name resolution included) and classifies its failure.
     */
    private <T> T call(ScmUrlPolicy.Checked address, GitCall<T> operation) {
        return call(address, timeout, operation);
    }

    private <T> T call(ScmUrlPolicy.Checked address, Duration bound, GitCall<T> operation) {
        Future<T> result = calls.submit(() -> {
            try {
                return operation.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long budget = bound.toMillis() + 2_000;
        try {
            return result.get(budget, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw timedOut(address, bound);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw timedOut(address);
        } catch (ExecutionException e) {
            throw classify(address, e.getCause());
        }
    }

    private GitAccessException classify(ScmUrlPolicy.Checked address, Throwable failure) {
        String where = display(address);
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        String messages = String.join(
                " | ", chain.stream().map(t -> String.valueOf(t.getMessage())).toList());
        if (chain.stream().anyMatch(t -> t instanceof SocketTimeoutException || t instanceof HttpTimeoutException)
                || messages.contains("timed out")
                || messages.contains("time out")) {
            return timedOut(address);
        }
        if (chain.stream().anyMatch(t -> t instanceof UnknownHostException)) {
            return new GitAccessException(
                    GitFailure.HOST_UNREACHABLE,
                    "scm.failure.unknownHost",
                    where,
                    address.uri().getHost());
        }
        if (chain.stream().anyMatch(t -> t instanceof ConnectException || t instanceof NoRouteToHostException)) {
            return new GitAccessException(GitFailure.HOST_UNREACHABLE, "scm.failure.unreachable", where);
        }
        if (chain.stream().anyMatch(t -> t instanceof SSLException)) {
            return new GitAccessException(GitFailure.TLS_FAILED, "scm.failure.tls", where, rootMessage(chain));
        }
        if (messages.contains(JGitText.get().notAuthorized)
                || messages.contains(JGitText.get().noCredentialsProvider)
                || messages.contains(JGitText.get().authenticationNotSupported)) {
            return new GitAccessException(GitFailure.AUTHENTICATION_FAILED, "scm.failure.authentication", where);
        }
        if (messages.contains(" not permitted on ")) {
            return new GitAccessException(GitFailure.AUTHENTICATION_FAILED, "scm.failure.forbidden", where);
        }
        if (chain.stream().anyMatch(t -> t instanceof NoRemoteRepositoryException)
                || (address.local() && chain.stream().anyMatch(t -> t instanceof NotSupportedException))) {
            return new GitAccessException(GitFailure.REPOSITORY_NOT_FOUND, "scm.failure.notFound", where);
        }
        if (chain.stream().anyMatch(t -> t instanceof InterruptedIOException)) {
            return timedOut(address);
        }
        log.info("git call to {} failed: {}", where, messages);
        return new GitAccessException(GitFailure.FAILED, "scm.failure.other", where, rootMessage(chain));
    }

    private GitAccessException timedOut(ScmUrlPolicy.Checked address) {
        return timedOut(address, timeout);
    }

    private GitAccessException timedOut(ScmUrlPolicy.Checked address, Duration bound) {
        return new GitAccessException(
                GitFailure.TIMED_OUT, "scm.failure.timedOut", display(address), Math.max(1, bound.toSeconds()));
    }

    /** The server's or JDK's own words for the deepest cause, without the address JGit puts in front. */
    private static String rootMessage(List<Throwable> chain) {
        String message = String.valueOf(chain.get(chain.size() - 1).getMessage());
        int colon = message.indexOf(": ");
        return (message.startsWith("http") || message.startsWith("file")) && colon > 0
                ? message.substring(colon + 2)
                : message;
    }

    /** The address as shown to users: the URL as MSAP uses it (never with user info, which is refused). */
    private static String display(ScmUrlPolicy.Checked address) {
        return address.local()
                ? Path.of(address.uri()).toString()
                : address.uri().toString();
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
    }

    private static RemoteRefs refsOf(Map<String, Ref> refs) {
        List<String> branches = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        refs.keySet().forEach(name -> {
            if (name.startsWith(Constants.R_HEADS)) {
                branches.add(name.substring(Constants.R_HEADS.length()));
            } else if (name.startsWith(Constants.R_TAGS) && !name.endsWith("^{}")) {
                tags.add(name.substring(Constants.R_TAGS.length()));
            }
        });
        branches.sort(Comparator.naturalOrder());
        tags.sort(Comparator.naturalOrder());
        return new RemoteRefs(branches, tags, defaultBranch(refs, branches));
    }

    /** The branch HEAD names; when the server does not say, the branch at HEAD's commit (main or master first). */
    private static String defaultBranch(Map<String, Ref> refs, List<String> branches) {
        Ref head = refs.get(Constants.HEAD);
        if (head == null) {
            return null;
        }
        if (head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            String name = head.getTarget().getName().substring(Constants.R_HEADS.length());
            return branches.contains(name) ? name : null;
        }
        if (head.getObjectId() == null) {
            return null;
        }
        List<String> candidates = branches.stream()
                .filter(b -> head.getObjectId()
                        .equals(refs.get(Constants.R_HEADS + b).getObjectId()))
                .sorted(Comparator.comparing(
                        (String b) -> !Arrays.asList("main", "master").contains(b)))
                .toList();
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    private static List<Path> roots(String configured, DataDirectory dataDirectory) {
        List<Path> roots = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            Arrays.stream(configured.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(Path::of)
                    .forEach(roots::add);
            return roots;
        }
        roots.add(Path.of(System.getProperty("java.io.tmpdir")));
        Path git = dataDirectory.resolve("git");
        try {
            Files.createDirectories(git);
        } catch (IOException e) {
            log.warn("cannot create {}: {}", git, e.getMessage());
        }
        roots.add(git);
        return roots;
    }
}
