package io.msap.account;

import java.time.Instant;

/** What other modules may know of a user. */
public record UserView(
        long userId,
        long tenantId,
        String userName,
        String realName,
        String orgName,
        boolean mainAccount,
        Instant createTime) {}
