package io.msap.environment;

/** The kinds of register centre a pool can offer. */
public enum RegisterCentreType {
    NACOS,
    EUREKA,
    ZOOKEEPER
}
