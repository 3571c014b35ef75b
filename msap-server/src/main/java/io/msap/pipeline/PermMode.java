package io.msap.pipeline;

/** Who may act on a pipeline (manual 5.12.1). */
enum PermMode {
    /** Project roles decide, narrowed by the app's data permissions. */
    DEFAULT,
    /** Only the listed members (with their permission type), project admins and the pipeline's creator. */
    USER_DEFINED
}
