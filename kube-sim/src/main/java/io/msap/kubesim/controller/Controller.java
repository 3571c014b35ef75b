package io.msap.kubesim.controller;

/** A reconciler: brings the objects behind one key to the state the spec asks for. */
interface Controller {
    /** Reconciles the object {@code namespace/name} (its meaning is the controller's). */
    void sync(String namespace, String name);
}
