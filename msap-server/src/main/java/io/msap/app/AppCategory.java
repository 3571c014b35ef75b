package io.msap.app;

/** The kinds of application of the manual. */
public enum AppCategory {
    /** 通用类型应用: built from an external code repository, deployed by image configurations. */
    GENERAL_APP,
    /** 微服务应用: created and deployed in one call, with microservice governance. */
    MICRO_SERVICE
}
