package io.msap.artifact;

import io.msap.shared.ApiResponse;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * Manual 5.7 制品库管理: downloadPackage, getImage, getPackage, listImagesPage, listPackagesPage; and beyond the
 * manual uploadPackage, deletePackage, createImage, deleteImage, markOfficial and downloadImage.
 */
@RestController
@RequestMapping("/v1/product")
@Tag(name = "5.7 Artifacts", description = "制品库管理: generic packages and container images")
class ArtifactController {

    /** The header downloads carry the file's SHA-256 in (lowercase hex). */
    static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private final PackageService packages;
    private final ImageService images;
    private final Validator validator;
    private final Messages messages;
    private final long maxPackageSize;

    ArtifactController(
            PackageService packages,
            ImageService images,
            Validator validator,
            Messages messages,
            ArtifactSettings settings) {
        this.packages = packages;
        this.images = images;
        this.validator = validator;
        this.messages = messages;
        this.maxPackageSize = settings.maxPackageSize().toBytes();
    }

    @GetMapping("/downloadPackage")
    @Operation(
            summary = "5.7.1 通用制品程序包下载: the file itself, with Content-Disposition, Content-Length, ETag and"
                    + " X-Checksum-Sha256; failures in the envelope")
    ResponseEntity<Resource> downloadPackage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String packageId,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (ifNoneMatch != null && matches(ifNoneMatch, packages.checksum(caller, packageId))) {
            return notModified(packages.checksum(caller, packageId));
        }
        return file(packages.download(caller, packageId));
    }

    @GetMapping("/getImage")
    @Operation(summary = "5.7.2 查询制品-docker 镜像详情; dockerfileContent is null for images built elsewhere")
    ApiResponse<ImageService.ImageDetail> getImage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String imageId) {
        return ApiResponse.ok(images.get(caller, imageId));
    }

    @GetMapping("/getPackage")
    @Operation(summary = "5.7.3 查询制品-通用制品详情")
    ApiResponse<PackageService.PackageDetail> getPackage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String packageId) {
        return ApiResponse.ok(packages.get(caller, packageId));
    }

    @GetMapping("/listImagesPage")
    @Operation(summary = "5.7.4 查询制品-docker 镜像分页列表, newest first; imageName matches substrings")
    ApiResponse<PageInfo<ImageService.ImageRow>> listImagesPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appGroupId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appId,
            @Parameter(description = "appId as the manual prints it elsewhere")
                    @RequestParam(name = "appld", required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appld,
            @RequestParam(required = false) @Size(max = 128, message = "{error.field.maxLength}") String imageName,
            @Parameter(hidden = true) PageQuery page) {
        return ApiResponse.ok(images.list(caller, projectId, appGroupId, either(appId, appld), imageName, page));
    }

    @GetMapping("/listPackagesPage")
    @Operation(
            summary = "5.7.5 查询制品-通用制品分页列表, newest first: the project's packages and the official demos"
                    + " (without appId/appGroupId); packageName matches substrings")
    ApiResponse<PageInfo<PackageService.PackageRow>> listPackagesPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appGroupId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appId,
            @Parameter(description = "appId as the manual prints it elsewhere")
                    @RequestParam(name = "appld", required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appld,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String packageName,
            @Parameter(hidden = true) PageQuery page) {
        return ApiResponse.ok(packages.list(caller, projectId, appGroupId, either(appId, appld), packageName, page));
    }

    @PostMapping("/uploadPackage")
    @Operation(
            summary = "Beyond the manual: upload a package (multipart/form-data: projectId, appId, packageName,"
                    + " packageVer, packageType JAR|WAR|ZIP|TGZ, file; optional branchName, isOfficial);"
                    + " returns the packageId")
    ApiResponse<String> uploadPackage(@Parameter(hidden = true) Caller caller, HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw new MsapException(Failure.UNSUPPORTED_MEDIA_TYPE, "artifact.upload.multipart");
        }
        // reading the parts parses the body (lazily, here): a file over the limit is answered by packageTooLarge
        MultipartFile file = multipart.getFile("file");
        ArtifactRequests.UploadPackageRequest form = new ArtifactRequests.UploadPackageRequest(
                multipart.getParameter("projectId"),
                multipart.getParameter("appId"),
                multipart.getParameter("appld"),
                multipart.getParameter("packageName"),
                multipart.getParameter("packageVer"),
                multipart.getParameter("packageType"),
                multipart.getParameter("branchName"),
                multipart.getParameter("isOfficial"));
        Set<ConstraintViolation<ArtifactRequests.UploadPackageRequest>> violations = validator.validate(form);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String app = form.app();
        PackageType type = form.type();
        form.official();
        if (file == null) {
            throw MsapException.badField("file", "error.field.required");
        }
        if (file.isEmpty()) {
            throw MsapException.badField("file", "artifact.package.empty");
        }
        ArtifactRequests.UploadPackageRequest checked = new ArtifactRequests.UploadPackageRequest(
                form.projectId(),
                app,
                null,
                form.packageName(),
                form.packageVer(),
                form.packageType(),
                form.branchName(),
                form.isOfficial());
        return ApiResponse.ok(packages.upload(
                caller, checked, type, new UploadedFile(file.getOriginalFilename(), file.getSize(), file)));
    }

    @PostMapping("/deletePackage")
    @Operation(summary = "Beyond the manual: delete a package (refused while a deployment or pipeline uses it)")
    ApiResponse<Boolean> deletePackage(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ArtifactRequests.PackageIdRequest request) {
        packages.delete(caller, request.packageId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/createImage")
    @Operation(summary = "Beyond the manual: record an image built elsewhere by its address; returns the imageId")
    ApiResponse<String> createImage(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ArtifactRequests.CreateImageRequest request) {
        return ApiResponse.ok(images.create(caller, request));
    }

    @PostMapping("/deleteImage")
    @Operation(summary = "Beyond the manual: delete an image (refused while a deployment uses it)")
    ApiResponse<Boolean> deleteImage(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ArtifactRequests.ImageIdRequest request) {
        images.delete(caller, request.imageId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/markOfficial")
    @Operation(
            summary = "Beyond the manual: mark an image (imageId) or a package (packageId) as a release version"
                    + " (isOfficial true) or not")
    ApiResponse<Boolean> markOfficial(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ArtifactRequests.MarkOfficialRequest request) {
        boolean image = Texts.trimToNull(request.imageId()) != null;
        boolean pkg = Texts.trimToNull(request.packageId()) != null;
        if (image == pkg) {
            throw MsapException.badField(image ? "packageId" : "imageId", "artifact.markOfficial.oneOf");
        }
        if (image) {
            images.markOfficial(caller, request.imageId(), request.isOfficial());
        } else {
            packages.markOfficial(caller, request.packageId(), request.isOfficial());
        }
        return ApiResponse.ok(true);
    }

    @GetMapping("/downloadImage")
    @Operation(
            summary = "Beyond the manual: the OCI image tarball of an image built here without a registry"
                    + " (docker load / podman load)")
    ResponseEntity<Resource> downloadImage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String imageId,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (ifNoneMatch != null) {
            String checksum = images.tarballChecksum(caller, imageId);
            if (checksum != null && matches(ifNoneMatch, checksum)) {
                return notModified(checksum);
            }
        }
        return file(images.downloadTarball(caller, imageId));
    }

    /**
     * A file part over the package limit, found while the upload is parsed (multipart requests are resolved lazily,
     * inside this controller): 413 naming the limit, as for a Content-Length over it.
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiResponse<Object>> packageTooLarge(MaxUploadSizeExceededException e) {
        String msg = messages.get("artifact.package.tooLarge", PackageService.readable(maxPackageSize));
        AuditTrail.reason(msg);
        return ResponseEntity.status(Failure.PAYLOAD_TOO_LARGE.status())
                .header(HttpHeaders.CONNECTION, "close")
                .body(ApiResponse.failure(Failure.PAYLOAD_TOO_LARGE.envelopeCode(), msg, List.of()));
    }

    // ---- helpers ----

    private static ResponseEntity<Resource> file(Download download) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(download.contentType()));
        headers.setContentLength(download.size());
        headers.setContentDisposition(disposition(download.fileName()));
        headers.setETag(etag(download.sha256()));
        headers.set(CHECKSUM_HEADER, download.sha256());
        return ResponseEntity.ok().headers(headers).body(new InputStreamResource(download.content()));
    }

    private static ResponseEntity<Resource> notModified(String sha256) {
        return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                .eTag(etag(sha256))
                .header(CHECKSUM_HEADER, sha256)
                .build();
    }

    private static ContentDisposition disposition(String fileName) {
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(fileName);
        return ascii
                ? ContentDisposition.attachment().filename(fileName).build()
                : ContentDisposition.attachment()
                        .filename(fileName, StandardCharsets.UTF_8)
                        .build();
    }

    private static String etag(String sha256) {
        return "\"" + sha256 + "\"";
    }

    /** Whether an If-None-Match header names this file ({@code *}, or its ETag among others, weak or strong). */
    private static boolean matches(String ifNoneMatch, String sha256) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag(sha256))) {
                return true;
            }
        }
        return false;
    }

    private static String either(String appId, String appld) {
        return Texts.trimToNull(appId) != null ? appId : appld;
    }
}
