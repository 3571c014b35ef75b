package io.msap.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per client address in a one-minute window; past the limit the address is answered
 * 429 without looking at its credentials until the window ends. Keeps brute force and audit floods in check.
 */
class AuthFailureLimiter {

    private final int limitPerMinute;
    private final Cache<String, AtomicInteger> failures;

    AuthFailureLimiter(int limitPerMinute) {
        this.limitPerMinute = limitPerMinute;
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(100_000)
                .build();
    }

    boolean blocked(String address) {
        AtomicInteger count = failures.getIfPresent(address);
        return count != null && count.get() >= limitPerMinute;
    }

    void failed(String address) {
        failures.get(address, a -> new AtomicInteger()).incrementAndGet();
    }
}
