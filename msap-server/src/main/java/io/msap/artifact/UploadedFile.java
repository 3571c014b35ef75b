package io.msap.artifact;

import org.springframework.core.io.InputStreamSource;

/** The file part of an upload: the name the client gave it, its size, and its content (readable more than once). */
record UploadedFile(String originalName, long size, InputStreamSource content) {}
