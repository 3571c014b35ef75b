package io.msap.scm;

import java.util.List;

/**
 * What ls-remote found in a repository: branch and tag names (short, without {@code refs/heads/} or
 * {@code refs/tags/}, sorted) and the branch HEAD points to (null for an empty repository or when the server does not
 * say).
 */
public record RemoteRefs(List<String> branches, List<String> tags, String defaultBranch) {

    public RemoteRefs {
        branches = List.copyOf(branches);
        tags = List.copyOf(tags);
    }
}
