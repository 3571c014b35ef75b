package io.msap.artifact;

import io.msap.shared.MsapException;
import io.msap.shared.Texts;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The requests of the artifact endpoints, with the manual's field names. */
final class ArtifactRequests {

    private ArtifactRequests() {}

    /**
     * The form fields of uploadPackage (multipart/form-data, beside the {@code file} part). {@code appld} is the
     * manual's OCR spelling of appId; {@code isOfficial} marks a release version ("true"/"false", default false).
     */
    record UploadPackageRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String appId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String appld,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @Pattern(regexp = "^\\s*[A-Za-z0-9][A-Za-z0-9._-]*\\s*$", message = "{artifact.package.name.pattern}")
            String packageName,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @Pattern(regexp = "^\\s*[A-Za-z0-9][A-Za-z0-9._+-]*\\s*$", message = "{artifact.package.ver.pattern}")
            String packageVer,

            @NotBlank(message = "{error.field.required}") String packageType,

            @Size(max = 255, message = "{error.field.maxLength}")
            String branchName,

            String isOfficial) {

        /** appId, or the manual's spelling appld; 400 when neither is given. */
        String app() {
            String app = Texts.trimToNull(appId) != null ? appId : appld;
            if (Texts.trimToNull(app) == null) {
                throw MsapException.badField("appId", "error.field.required");
            }
            return app;
        }

        /** The package type, case-insensitive; 400 listing the types otherwise. */
        PackageType type() {
            try {
                return PackageType.valueOf(packageType.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw MsapException.badField("packageType", "error.field.enum", allowed());
            }
        }

        boolean official() {
            return booleanField("isOfficial", isOfficial, false);
        }

        private static String allowed() {
            return Arrays.stream(PackageType.values()).map(Enum::name).collect(Collectors.joining(", "));
        }
    }

    record PackageIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String packageId) {}

    record ImageIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String imageId) {}

    /** createImage: records an image built elsewhere by its address. */
    record CreateImageRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String appId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String appld,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 128, message = "{error.field.maxLength}")
            @Pattern(regexp = ImageService.NAME_PATTERN, message = "{artifact.image.name.pattern}")
            String imageName,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 128, message = "{error.field.maxLength}")
            @Pattern(regexp = ImageService.TAG_PATTERN, message = "{artifact.image.ver.pattern}")
            String imageVer,

            @NotBlank(message = "{error.field.required}") @Size(max = 512, message = "{error.field.maxLength}")
            String imageUrl,

            @Size(max = 255, message = "{error.field.maxLength}")
            String branchName) {

        String app() {
            String app = Texts.trimToNull(appId) != null ? appId : appld;
            if (Texts.trimToNull(app) == null) {
                throw MsapException.badField("appId", "error.field.required");
            }
            return app;
        }
    }

    /** markOfficial: exactly one of imageId and packageId, and the new isOfficial. */
    record MarkOfficialRequest(
            @Size(max = 64, message = "{error.field.maxLength}")
            String imageId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String packageId,

            @NotNull(message = "{error.field.required}") Boolean isOfficial) {}

    /** A lenient boolean form field: "true"/"false" in any case; {@code fallback} when absent. */
    static boolean booleanField(String field, String value, boolean fallback) {
        String text = Texts.trimToNull(value);
        if (text == null) {
            return fallback;
        }
        if ("true".equalsIgnoreCase(text)) {
            return true;
        }
        if ("false".equalsIgnoreCase(text)) {
            return false;
        }
        throw MsapException.badField(field, "error.field.boolean");
    }
}
