package io.msap.connection;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ServiceConnectionRepository extends JpaRepository<ServiceConnection, String> {

    Optional<ServiceConnection> findByIdAndTenantId(String id, long tenantId);

    Optional<ServiceConnection> findByProjectIdAndNameKey(String projectId, String nameKey);

    long countByProjectId(String projectId);

    /**
     * The project's connections, newest first, of {@code type} (null for all) whose name matches {@code pattern} (a
     * lower-case LIKE pattern with {@code \} as escape, null for all).
     */
    @Query("""
            select c from ServiceConnection c
            where c.projectId = :projectId
              and (:type is null or c.connectionType = :type)
              and (:pattern is null or c.nameKey like :pattern escape '\\')
            order by c.createTime desc, c.id desc
            """)
    List<ServiceConnection> search(
            @Param("projectId") String projectId, @Param("type") ConnectionType type, @Param("pattern") String pattern);
}
