package io.msap.artifact;

/** What a generic package is: the format its content must have and how downloads name and label it. */
public enum PackageType {
    /** A Java archive (a zip), run with {@code java -jar}. */
    JAR("jar", "application/java-archive"),
    /** A web application archive (a zip), run by a servlet container. */
    WAR("war", "application/java-archive"),
    /** A zip archive, unpacked into the image. */
    ZIP("zip", "application/zip"),
    /** A gzip-compressed tar archive, unpacked into the image. */
    TGZ("tar.gz", "application/gzip");

    private final String extension;
    private final String contentType;

    PackageType(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The file name extension without the dot. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether the content is a zip archive (JAR, WAR, ZIP); otherwise gzip (TGZ). */
    public boolean zipFormat() {
        return this != TGZ;
    }
}
