package io.msap.audit;

import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes audit records (each in its own transaction, so a failed request's record survives its rollback) and pages
 * through them: the main account sees its tenant's records (the platform operator also those of callers no tenant
 * could be told from), a project admin those of its project.
 */
@Service
public class AuditService {

    private final AuditLogRepository logs;
    private final ProjectAccess projectAccess;

    AuditService(AuditLogRepository logs, ProjectAccess projectAccess) {
        this.logs = logs;
        this.projectAccess = projectAccess;
    }

    /** The filters of listAuditLogsPage; all optional. */
    record AuditFilter(
            String projectId,
            String userName,
            String operation,
            String objectType,
            String objectId,
            AuditEntry.Result result,
            Instant startTime,
            Instant endTime) {}

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(AuditEntry entry) {
        logs.save(new AuditLog(entry, Ids.newId()));
    }

    @Transactional(readOnly = true)
    PageInfo<AuditLog.AuditView> page(Caller caller, AuditFilter filter, PageQuery page) {
        String projectId = null;
        if (filter.projectId() != null) {
            projectId = projectAccess
                    .require(caller, filter.projectId(), ProjectPermission.AUDIT_VIEW)
                    .projectId();
        } else if (!caller.mainAccount()) {
            throw MsapException.badField("projectId", "audit.projectRequired");
        }
        Specification<AuditLog> spec = where(caller, projectId, filter);
        Sort newestFirst = Sort.by(Sort.Order.desc("eventTime"), Sort.Order.desc("id"));
        return PageInfo.of(page, logs.findAll(spec, page.toPageable(newestFirst)), AuditLog::view);
    }

    private static Specification<AuditLog> where(Caller caller, String projectId, AuditFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> all = new ArrayList<>();
            if (caller.operator() && projectId == null) {
                all.add(cb.or(cb.equal(root.get("tenantId"), caller.tenantId()), cb.isNull(root.get("tenantId"))));
            } else {
                all.add(cb.equal(root.get("tenantId"), caller.tenantId()));
            }
            if (projectId != null) {
                all.add(cb.equal(root.get("projectId"), projectId));
            }
            if (filter.userName() != null) {
                all.add(cb.equal(
                        cb.lower(root.get("userName")), filter.userName().toLowerCase(Locale.ROOT)));
            }
            if (filter.operation() != null) {
                all.add(cb.equal(root.get("operation"), filter.operation()));
            }
            if (filter.objectType() != null) {
                all.add(cb.equal(root.get("objectType"), filter.objectType()));
            }
            if (filter.objectId() != null) {
                all.add(cb.equal(root.get("objectId"), filter.objectId()));
            }
            if (filter.result() != null) {
                all.add(cb.equal(root.get("result"), filter.result().name()));
            }
            if (filter.startTime() != null) {
                all.add(cb.greaterThanOrEqualTo(root.get("eventTime"), filter.startTime()));
            }
            if (filter.endTime() != null) {
                all.add(cb.lessThan(root.get("eventTime"), filter.endTime()));
            }
            return cb.and(all.toArray(Predicate[]::new));
        };
    }

    /** A trimmed filter value, or null. */
    static String filterValue(String value) {
        return Texts.trimToNull(value);
    }
}
