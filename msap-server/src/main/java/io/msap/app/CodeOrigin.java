package io.msap.app;

/** Where an application's code lives: the manual's GITEE and GITHUB, plus GITLAB and any git server (GIT). */
public enum CodeOrigin {
    GITEE,
    GITHUB,
    GITLAB,
    GIT
}
