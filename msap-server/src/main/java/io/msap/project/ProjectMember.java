package io.msap.project;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A sub-account's membership in a project, with its roles (at least one). */
@Entity
@Table(name = "project_member")
@IdClass(ProjectMember.Key.class)
class ProjectMember {

    /** The composite id: one membership per project and user. */
    record Key(String projectId, long userId) implements Serializable {
        Key() {
            this(null, 0);
        }
    }

    @Id
    private String projectId;

    @Id
    private long userId;

    @Column(nullable = false)
    private Instant createTime;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(
            name = "project_member_role",
            joinColumns = {@JoinColumn(name = "project_id"), @JoinColumn(name = "user_id")})
    @Column(name = "role_id")
    private Set<Integer> roleIds = new HashSet<>();

    protected ProjectMember() {}

    ProjectMember(String projectId, long userId, Collection<ProjectRole> roles, Instant createTime) {
        this.projectId = projectId;
        this.userId = userId;
        this.createTime = createTime;
        replaceRoles(roles);
    }

    /** Replaces the member's roles with {@code roles}. */
    void replaceRoles(Collection<ProjectRole> roles) {
        roleIds.clear();
        roles.forEach(r -> roleIds.add(r.id()));
    }

    Set<ProjectRole> roles() {
        return roleIds.stream()
                .map(id -> ProjectRole.byId(id).orElseThrow())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ProjectRole.class)));
    }

    boolean isAdmin() {
        return roleIds.contains(ProjectRole.PROJECT_ADMIN.id());
    }

    String getProjectId() {
        return projectId;
    }

    long getUserId() {
        return userId;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
