package io.msap.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    Optional<UserAccount> findByUserNameKeyAndDeletedFalse(String userNameKey);

    boolean existsByUserNameKeyAndDeletedFalse(String userNameKey);

    Optional<UserAccount> findByIdAndTenantIdAndDeletedFalse(long id, long tenantId);

    Optional<UserAccount> findByIdAndDeletedFalse(long id);

    List<UserAccount> findByIdInAndDeletedFalse(Collection<Long> ids);

    /**
     * Live sub-accounts of a tenant whose user name or real name contains {@code pattern} (a lower-case LIKE pattern,
     * see Texts.likePattern; null for all), limited to {@code onlyIds} or excluding {@code exceptIds} when the flags ask
     * for it.
     */
    @Query("""
            select u from UserAccount u
            where u.tenantId = :tenantId and u.deleted = false and u.mainAccount = false
              and (:pattern is null or lower(u.userName) like :pattern escape '\\'
                   or lower(u.realName) like :pattern escape '\\')
              and (:restrictToIds = false or u.id in :onlyIds)
              and (:excludeIds = false or u.id not in :exceptIds)
            """)
    Page<UserAccount> searchSubAccounts(
            @Param("tenantId") long tenantId,
            @Param("pattern") String pattern,
            @Param("restrictToIds") boolean restrictToIds,
            @Param("onlyIds") Collection<Long> onlyIds,
            @Param("excludeIds") boolean excludeIds,
            @Param("exceptIds") Collection<Long> exceptIds,
            Pageable pageable);
}
