package io.msap.permission;

import io.msap.project.ProjectPermission.DataScope;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DataGrantRepository extends JpaRepository<DataGrant, DataGrant.Key> {

    List<DataGrant> findByObjectTypeAndObjectId(DataScope objectType, String objectId);

    boolean existsByObjectTypeAndObjectIdAndUserId(DataScope objectType, String objectId, long userId);

    @Modifying
    @Query("delete from DataGrant g where g.objectType = :type and g.objectId = :objectId")
    int deleteByObject(@Param("type") DataScope type, @Param("objectId") String objectId);

    @Modifying
    @Query("delete from DataGrant g where g.projectId = :projectId and g.userId = :userId")
    int deleteByProjectAndUser(@Param("projectId") String projectId, @Param("userId") long userId);
}
