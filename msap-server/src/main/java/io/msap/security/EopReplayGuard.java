package io.msap.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refuses an EOP request id that the same access key used within the replay window (15 minutes, the allowed clock
 * skew). The ids live in the database, so every replica sees them.
 */
@Component
class EopReplayGuard {

    static final Duration WINDOW = Duration.ofMinutes(15);

    private final EopSeenRequestRepository seen;
    private final Clock clock;

    EopReplayGuard(EopSeenRequestRepository seen, Clock clock) {
        this.seen = seen;
        this.clock = clock;
    }

    /** Records the id; false when the access key used it before (a replay). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean firstUse(String accessKey, String requestId) {
        return seen.insert(accessKey, requestId, clock.instant()) == 1;
    }

    @Transactional
    public int forgetExpired() {
        return seen.deleteOlderThan(clock.instant().minus(WINDOW.multipliedBy(2)));
    }
}
