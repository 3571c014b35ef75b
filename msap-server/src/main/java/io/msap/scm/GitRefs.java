package io.msap.scm;

/** Branch and tag names as users give them and as builds name their outputs. */
public final class GitRefs {

    private GitRefs() {}

    /** Whether {@code name} can be a branch or tag name: no spaces or control characters, no {@code ..}, not {@code -x}. */
    public static boolean valid(String name) {
        return !name.startsWith("-")
                && !name.contains("..")
                && name.chars().noneMatch(c -> c <= ' ' || c == '~' || c == '^' || c == ':' || c == '\\');
    }

    /**
     * A ref as a version part: without {@code refs/heads/} or {@code refs/tags/}, characters outside
     * {@code [A-Za-z0-9._-]} as {@code -} ({@code feature/x} gives {@code feature-x}).
     */
    public static String versionPart(String ref) {
        return ref.replaceFirst("^refs/(heads|tags)/", "").replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
