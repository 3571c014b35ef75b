package io.msap.account;

/**
 * Lets a higher module take part in deleting a sub-account (implemented, for example, by projects for memberships).
 * Called inside the deleting transaction: {@link #checkDeletable} first for every guard, then {@link #onDeleted}.
 */
public interface SubAccountDeletionGuard {

    /** Throws an {@code MsapException} (409) when deleting the user would break something this module keeps. */
    void checkDeletable(long tenantId, long userId);

    /** Removes what this module keeps for the user: memberships, grants. */
    void onDeleted(long tenantId, long userId);
}
