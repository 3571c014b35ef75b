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

interface ArtifactPackageRepository extends JpaRepository<ArtifactPackage, String> {

    Optional<ArtifactPackage> findByIdAndDeletedFalse(String id);

    boolean existsByScopeKeyAndNameKeyAndVerKeyAndDeletedFalse(String scopeKey, String nameKey, String verKey);

    Optional<ArtifactPackage> findByScopeKeyAndNameKeyAndVerKeyAndDeletedFalse(
            String scopeKey, String nameKey, String verKey);

    /** The live platform packages of an official demo, newest first. */
    List<ArtifactPackage> findByOfficialDemoCodeAndPlatformTrueAndDeletedFalseOrderByCreateTimeDescIdDesc(String code);

    List<ArtifactPackage> findByAppIdAndDeletedFalse(String appId);

    /**
     * The packages visible in a project: its own, plus the platform packages when {@code withPlatform}; limited to
     * {@code appIds} when {@code filterApps}; the name matching {@code pattern} (a lower-case LIKE pattern, null for
     * all).
     */
    @Query("""
            select p from ArtifactPackage p
            where p.deleted = false
              and (p.projectId = :projectId or (:withPlatform = true and p.platform = true))
              and (:filterApps = false or p.appId in :appIds)
              and (:pattern is null or lower(p.packageName) like :pattern escape '\\')
            """)
    Page<ArtifactPackage> search(
            @Param("projectId") String projectId,
            @Param("withPlatform") boolean withPlatform,
            @Param("filterApps") boolean filterApps,
            @Param("appIds") Collection<String> appIds,
            @Param("pattern") String pattern,
            Pageable pageable);

    /** Whether a live package, or one deleted after {@code since}, keeps the blob. */
    @Query("""
            select count(p) > 0 from ArtifactPackage p
            where p.sha256 = :sha256 and (p.deleted = false or p.deleteTime > :since)
            """)
    boolean blobNeeded(@Param("sha256") String sha256, @Param("since") Instant since);

    /** Deleted packages whose blob is due for purging. */
    @Query("""
            select p from ArtifactPackage p
            where p.deleted = true and p.blobPurged = false and p.deleteTime <= :before
            order by p.deleteTime
            """)
    List<ArtifactPackage> purgeable(@Param("before") Instant before, Pageable pageable);
}
