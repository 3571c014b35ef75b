package io.msap.pipeline;

/** The kinds of pipeline stage (the manual's stageList[].category); each has one {@link StageExecutor}. */
enum StageCategory {
    /** Clone the app's repository and build it with a build environment's command. */
    CODE_BUILD,
    /** Store the built package in the artifact repository. */
    PACKAGE_PUBLISH,
    /** Build an OCI image of the package on a runtime environment's base image. */
    IMAGE_BUILD,
    /** Deploy the image to an environment (general applications), as a change order. */
    IMAGE_DEPLOY,
    /** Deploy the image to an environment (microservice applications), as a change order. */
    MS_IMAGE_DEPLOY
}
