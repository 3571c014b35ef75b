package io.msap.connection;

/** What another module may know of a service connection it was given: never its credentials. */
public record ConnectionRef(String connectionId, String projectId, ConnectionType connectionType, String serverUrl) {}
