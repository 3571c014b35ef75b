package io.msap.project;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ProjectRepository extends JpaRepository<Project, String> {

    Optional<Project> findByIdAndTenantIdAndDeletedFalse(String id, long tenantId);

    Optional<Project> findByIdAndDeletedFalse(String id);

    /**
     * Locks the project row until the transaction ends (SELECT ... FOR UPDATE), so member changes of one project run
     * one after the other and each sees the members the previous one left.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Project p where p.id = :id")
    Optional<Project> lockForMemberChange(@Param("id") String id);

    boolean existsByTenantIdAndProjectCodeAndDeletedFalse(long tenantId, String projectCode);

    @Query("select p.id from Project p where p.tenantId = :tenantId and p.deleted = false")
    java.util.List<String> findIdsByTenant(@Param("tenantId") long tenantId);

    /**
     * The tenant's live projects whose name matches {@code pattern} (a lower-case LIKE pattern, null for all); when
     * {@code memberUserId} is not null, only the projects that user is a member of.
     */
    @Query("""
            select p from Project p
            where p.tenantId = :tenantId and p.deleted = false
              and (:pattern is null or lower(p.projectName) like :pattern escape '\\')
              and (:memberUserId is null or p.id in
                   (select m.projectId from ProjectMember m where m.userId = :memberUserId))
            """)
    Page<Project> search(
            @Param("tenantId") long tenantId,
            @Param("pattern") String pattern,
            @Param("memberUserId") Long memberUserId,
            Pageable pageable);
}
