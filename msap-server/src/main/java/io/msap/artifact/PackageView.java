package io.msap.artifact;

/**
 * What other modules may know of a package: enough to deploy it or build an image from it.
 *
 * @param tenantId null for platform packages
 * @param projectId null for platform packages
 * @param appId null for platform packages
 * @param platform whether it is a platform package (an official demo), visible read-only in every project
 */
public record PackageView(
        String packageId,
        Long tenantId,
        String projectId,
        String appId,
        String packageName,
        String packageVer,
        PackageType packageType,
        PackageSource packageSource,
        String officialDemoCode,
        String fileName,
        long packageSize,
        String sha256,
        boolean official,
        boolean platform) {}
