package io.msap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The MSAP server: the platform's single Spring Boot application. */
@SpringBootApplication
public class MsapApplication {

    public static void main(String[] args) {
        SpringApplication.run(MsapApplication.class, args);
    }
}
