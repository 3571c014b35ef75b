package io.msap.project;

/**
 * Told when someone stops being a member of a project (removeSub, or the sub-account is deleted), so modules drop
 * what they granted the member there (data permissions). Called inside the removing transaction.
 */
public interface MembershipListener {

    void memberRemoved(String projectId, long userId);
}
