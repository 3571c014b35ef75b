package io.msap.project;

/**
 * Data permissions (5.11), implemented by the module that keeps them: whether a member holds the operation right on
 * one application or environment (by a grant, or as the object's creator).
 */
public interface DataGrants {

    boolean holds(ProjectPermission.DataScope scope, String objectId, long userId);
}
