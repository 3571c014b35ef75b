package io.msap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The MSAP server: the platform's single Spring Boot application. Callers authenticate with tokens and access keys of
 * the account module, so Spring Security's default in-memory user is not created.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class MsapApplication {

    public static void main(String[] args) {
        SpringApplication.run(MsapApplication.class, args);
    }
}
