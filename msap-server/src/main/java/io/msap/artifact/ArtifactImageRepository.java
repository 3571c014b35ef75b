package io.msap.artifact;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ArtifactImageRepository extends JpaRepository<ArtifactImage, String> {

    Optional<ArtifactImage> findByIdAndTenantIdAndDeletedFalse(String id, long tenantId);

    Optional<ArtifactImage> findByIdAndDeletedFalse(String id);

    List<ArtifactImage> findByPackageIdAndDeletedFalse(String packageId);

    boolean existsByAppIdAndNameKeyAndVerKeyAndDeletedFalse(String appId, String nameKey, String verKey);

    Optional<ArtifactImage> findByAppIdAndNameKeyAndVerKeyAndDeletedFalse(String appId, String nameKey, String verKey);

    List<ArtifactImage> findByAppIdAndDeletedFalse(String appId);

    /**
     * The images of a project, limited to {@code appIds} when {@code filterApps}, the name matching {@code pattern} (a
     * lower-case LIKE pattern, null for all).
     */
    @Query("""
            select i from ArtifactImage i
            where i.deleted = false
              and i.projectId = :projectId
              and (:filterApps = false or i.appId in :appIds)
              and (:pattern is null or lower(i.imageName) like :pattern escape '\\')
            """)
    Page<ArtifactImage> search(
            @Param("projectId") String projectId,
            @Param("filterApps") boolean filterApps,
            @Param("appIds") Collection<String> appIds,
            @Param("pattern") String pattern,
            Pageable pageable);

    /** Whether a live image, or one deleted after {@code since}, keeps the tarball blob. */
    @Query("""
            select count(i) > 0 from ArtifactImage i
            where i.tarballSha256 = :sha256 and (i.deleted = false or i.deleteTime > :since)
            """)
    boolean blobNeeded(@Param("sha256") String sha256, @Param("since") Instant since);

    /** Deleted images whose tarball blob is due for purging. */
    @Query("""
            select i from ArtifactImage i
            where i.deleted = true and i.blobPurged = false and i.tarballSha256 is not null and i.deleteTime <= :before
            order by i.deleteTime
            """)
    List<ArtifactImage> purgeable(@Param("before") Instant before, Pageable pageable);
}
