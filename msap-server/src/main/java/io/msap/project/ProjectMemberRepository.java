package io.msap.project;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectMemberRepository extends JpaRepository<ProjectMember, ProjectMember.Key> {

    Optional<ProjectMember> findByProjectIdAndUserId(String projectId, long userId);

    List<ProjectMember> findByProjectId(String projectId);

    List<ProjectMember> findByUserId(long userId);

    long deleteByProjectId(String projectId);
}
