package io.msap.artifact;

/** How an image came into the repository. */
public enum ImageSource {
    /** Built by MSAP from a package ({@link ImageBuilder}): its Dockerfile equivalent is known. */
    BUILD,
    /** Built elsewhere and recorded with createImage: only its address is known. */
    EXTERNAL
}
