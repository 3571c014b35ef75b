package io.msap.shared;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * The paging parameters of a list endpoint as the caller sent them: {@code pageNum} is 1-based (default 1) and
 * {@code pageSize} defaults to 10 and is clamped to 100. This is the one place where the 1-based page number becomes
 * Spring Data's 0-based one. Controllers receive it as a method parameter (see {@link PageQueryArgumentResolver}).
 */
public record PageQuery(int pageNum, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 10;
    public static final int MAX_PAGE_SIZE = 100;

    public PageQuery {
        if (pageNum < 1) {
            throw MsapException.badField("pageNum", "error.page.min");
        }
        if (pageSize < 1) {
            throw MsapException.badField("pageSize", "error.page.min");
        }
        pageSize = Math.min(pageSize, MAX_PAGE_SIZE);
    }

    public static PageQuery first() {
        return new PageQuery(1, DEFAULT_PAGE_SIZE);
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) (pageNum - 1) * pageSize;
    }

    public Pageable toPageable(Sort sort) {
        return PageRequest.of(pageNum - 1, pageSize, sort);
    }

    /** The order every list uses unless it says otherwise: newest first, then by id. */
    public Pageable newestFirst() {
        return toPageable(Sort.by(Sort.Order.desc("createTime"), Sort.Order.desc("id")));
    }
}
