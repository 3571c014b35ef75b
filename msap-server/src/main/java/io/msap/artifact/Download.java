package io.msap.artifact;

import java.io.InputStream;

/** A file to stream to a caller: its name, size, digest, media type, and the open content (the writer closes it). */
record Download(String fileName, long size, String sha256, String contentType, InputStream content) {}
