package io.msap.app;

/** Where an application's deliverable comes from. */
public enum AppType {
    /** Source code in an external repository. */
    EXTERNAL_CODE,
    /** A package or image from the artifact repository. */
    PACKAGE
}
