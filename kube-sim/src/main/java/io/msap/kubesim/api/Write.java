package io.msap.kubesim.api;

/**
 * Who writes and how: the field manager recorded in managedFields, {@code dryRun=All} (validate, do not store) and
 * {@code force} (server-side apply takes fields owned by others).
 */
public record Write(String manager, boolean dryRun, boolean force) {
    public static Write by(String manager) {
        return new Write(manager, false, false);
    }
}
