package io.msap.security;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.msap.account.AccessKeyService;
import io.msap.account.TokenService;
import io.msap.shared.EnvelopeWriter;
import io.msap.shared.Failure;
import io.msap.shared.SecretCipher;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what: every {@code /v1/**} path needs credentials except login; health, the OpenAPI document and the
 * Swagger UI are open. Stateless: no sessions, no cookies, no CSRF tokens. Refusals are answered in the envelope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            TokenService tokens,
            AccessKeyService accessKeys,
            EopReplayGuard replayGuard,
            IdempotentRequestRepository idempotentRequests,
            SecretCipher cipher,
            EnvelopeWriter envelope,
            Clock clock,
            @Value("${msap.security.auth-failures-per-minute:300}") int authFailuresPerMinute)
            throws Exception {
        AuthFailureLimiter limiter = new AuthFailureLimiter(authFailuresPerMinute);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/v1/account/login")
                        .permitAll()
                        .requestMatchers("/v1/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) ->
                                envelope.write(request, response, Failure.UNAUTHENTICATED, "error.auth.required"))
                        .accessDeniedHandler((request, response, e) ->
                                envelope.write(request, response, Failure.FORBIDDEN, "error.forbidden")))
                .addFilterBefore(
                        new ApiAuthenticationFilter(tokens, accessKeys, replayGuard, limiter, envelope, clock),
                        AnonymousAuthenticationFilter.class)
                .addFilterAfter(
                        new IdempotencyFilter(idempotentRequests, replayGuard, cipher, envelope, clock),
                        AuthorizationFilter.class);
        return http.build();
    }

    /** Forgets stored POST answers after 24 hours and EOP request ids after the replay window, every few minutes. */
    @Bean
    RecurringTask<Void> requestIdCleanup(
            IdempotentRequestRepository idempotentRequests, EopReplayGuard replayGuard, Clock clock) {
        return Tasks.recurring("request-id-cleanup", FixedDelay.of(Duration.ofMinutes(5)))
                .execute((instance, context) -> {
                    idempotentRequests.deleteOlderThan(clock.instant().minus(Duration.ofHours(24)));
                    replayGuard.forgetExpired();
                });
    }

    @Bean
    OpenAPI msapOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("MSAP API")
                        .version("v1")
                        .description("The Microservice Application Platform API: the endpoints of the MSAP developer"
                                + " manual (sections 5.1-5.13) and the extra endpoints in the same style."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("Authorization: Bearer msap_<tokenId>_<secret>"))
                        .addSecuritySchemes(
                                "eop",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("Eop-Authorization")
                                        .description("EOP AK/SK signature with ctyun-eop-request-id and Eop-date")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("eop"));
    }
}
