package io.msap.artifact;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention job: deletes the blobs of packages and images deleted longer than {@code msap.artifact.blob-retention}
 * ago (default 30 days), unless a live row or another module ({@link BlobReferences}) still needs the same content.
 * Runs hourly on one server (a db-scheduler recurring task); safe to run twice.
 */
@Component
class BlobPurge {

    private static final Logger log = LoggerFactory.getLogger(BlobPurge.class);
    private static final int BATCH = 200;

    private final ArtifactPackageRepository packages;
    private final ArtifactImageRepository images;
    private final BlobStore blobs;
    private final ObjectProvider<BlobReferences> references;
    private final TransactionTemplate transaction;
    private final ArtifactSettings settings;
    private final Clock clock;

    BlobPurge(
            ArtifactPackageRepository packages,
            ArtifactImageRepository images,
            BlobStore blobs,
            ObjectProvider<BlobReferences> references,
            TransactionTemplate transaction,
            ArtifactSettings settings,
            Clock clock) {
        this.packages = packages;
        this.images = images;
        this.blobs = blobs;
        this.references = references;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /** Purges what is due; returns how many blobs were deleted. */
    int purge() {
        Instant before = clock.instant().minus(settings.blobRetention());
        int deleted = 0;
        List<ArtifactPackage> duePackages = packages.purgeable(before, PageRequest.of(0, BATCH));
        for (ArtifactPackage p : duePackages) {
            deleted += deleteUnreferenced(p.getSha256()) ? 1 : 0;
            transaction.executeWithoutResult(
                    status -> packages.findById(p.getId()).ifPresent(ArtifactPackage::blobPurged));
        }
        List<ArtifactImage> dueImages = images.purgeable(before, PageRequest.of(0, BATCH));
        for (ArtifactImage i : dueImages) {
            deleted += deleteUnreferenced(i.getTarballSha256()) ? 1 : 0;
            transaction.executeWithoutResult(
                    status -> images.findById(i.getId()).ifPresent(ArtifactImage::blobPurged));
        }
        if (deleted > 0) {
            log.info("purged {} artifact blobs deleted more than {} ago", deleted, settings.blobRetention());
        }
        return deleted;
    }

    private boolean deleteUnreferenced(String sha256) {
        if (references.orderedStream().anyMatch(r -> r.references(sha256))) {
            return false;
        }
        try {
            return blobs.delete(sha256);
        } catch (IOException e) {
            log.warn("could not delete blob {}: {}", sha256, e.getMessage());
            return false;
        }
    }
}
