package io.msap.connection;

import io.msap.scm.GitRepositories;

/**
 * The kind of server a service connection reaches. The manual documents GITEE and GITHUB; GITLAB and GIT (any git
 * server over http(s), or a local {@code file://} repository under the allowed roots) serve self-hosted and offline
 * users; DOCKER_REGISTRY supplies push and pull credentials for images.
 */
public enum ConnectionType {
    GITEE,
    GITHUB,
    GITLAB,
    GIT,
    DOCKER_REGISTRY;

    /** Whether the connection reaches a git server (everything but a Docker registry). */
    public boolean codeHost() {
        return this != DOCKER_REGISTRY;
    }

    /** The addresses the connection may use: {@code file://} only for GIT. */
    public GitRepositories.Protocols protocols() {
        return this == GIT ? GitRepositories.Protocols.HTTP_OR_FILE : GitRepositories.Protocols.HTTP;
    }

    /** The message key of the type's display name (Gitee, GitHub, ..., Docker 镜像仓库). */
    String messageKey() {
        return "connection.type." + name();
    }
}
