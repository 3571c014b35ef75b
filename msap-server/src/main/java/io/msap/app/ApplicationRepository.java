package io.msap.app;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApplicationRepository extends JpaRepository<Application, String> {

    Optional<Application> findByIdAndTenantIdAndDeletedFalse(String id, long tenantId);

    Optional<Application> findByIdAndDeletedFalse(String id);

    boolean existsByProjectIdAndNameKeyAndDeletedFalse(String projectId, String nameKey);

    /** Every application that refers to the group, deleted ones included (they still hold the foreign key). */
    List<Application> findByAppGroupId(String appGroupId);

    List<Application> findByAppGroupIdAndDeletedFalse(String appGroupId);

    List<Application> findByIdInAndDeletedFalse(java.util.Collection<String> ids);

    List<Application> findByConnectionIdAndDeletedFalse(String connectionId);

    long countByProjectIdAndDeletedFalse(String projectId);

    /**
     * The project's live applications, filtered by group (null for all) and by a lower-case LIKE pattern on the name
     * (null for all).
     */
    @Query("""
            select a from Application a
            where a.projectId = :projectId and a.deleted = false
              and (:groupId is null or a.appGroupId = :groupId)
              and (:pattern is null or lower(a.name) like :pattern escape '\\')
            """)
    Page<Application> search(
            @Param("projectId") String projectId,
            @Param("groupId") String groupId,
            @Param("pattern") String pattern,
            Pageable pageable);
}
