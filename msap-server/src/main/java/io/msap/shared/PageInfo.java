package io.msap.shared;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.springframework.data.domain.Page;

/**
 * A page of rows in the shape of PageHelper 5's {@code PageInfo}, which the manual's examples show; every field is
 * computed as PageHelper computes it (eight navigation pages).
 */
public record PageInfo<T>(
        List<T> list,
        int pageNum,
        int pageSize,
        int size,
        long total,
        int pages,
        long startRow,
        long endRow,
        int prePage,
        int nextPage,
        boolean isFirstPage,
        boolean isLastPage,
        boolean hasPreviousPage,
        boolean hasNextPage,
        int navigatePages,
        List<Integer> navigatepageNums,
        int navigateFirstPage,
        int navigateLastPage) {

    static final int NAVIGATE_PAGES = 8;

    /** The page {@code query} asked for, holding {@code rows} out of {@code total}. */
    public static <T> PageInfo<T> of(PageQuery query, List<T> rows, long total) {
        int pageNum = query.pageNum();
        int pageSize = query.pageSize();
        int pages = (int) ((total + pageSize - 1) / pageSize);
        int size = rows.size();
        long startRow = size == 0 ? 0 : query.offset() + 1;
        long endRow = size == 0 ? 0 : startRow - 1 + size;
        List<Integer> nav = navigatePageNums(pageNum, pages);
        int prePage = 0;
        int nextPage = 0;
        int navFirst = 0;
        int navLast = 0;
        if (!nav.isEmpty()) {
            navFirst = nav.get(0);
            navLast = nav.get(nav.size() - 1);
            if (pageNum > 1) {
                prePage = pageNum - 1;
            }
            if (pageNum < pages) {
                nextPage = pageNum + 1;
            }
        }
        return new PageInfo<>(
                List.copyOf(rows),
                pageNum,
                pageSize,
                size,
                total,
                pages,
                startRow,
                endRow,
                prePage,
                nextPage,
                pageNum == 1,
                pageNum == pages || pages == 0,
                pageNum > 1,
                pageNum < pages,
                NAVIGATE_PAGES,
                nav,
                navFirst,
                navLast);
    }

    /** A Spring Data page fetched with {@link PageQuery#toPageable}, its rows mapped to views. */
    public static <E, T> PageInfo<T> of(PageQuery query, Page<E> page, Function<? super E, T> toView) {
        return of(query, page.getContent().stream().map(toView).toList(), page.getTotalElements());
    }

    private static List<Integer> navigatePageNums(int pageNum, int pages) {
        if (pages <= NAVIGATE_PAGES) {
            return IntStream.rangeClosed(1, pages).boxed().toList();
        }
        int start = pageNum - NAVIGATE_PAGES / 2;
        int end = pageNum + NAVIGATE_PAGES / 2;
        if (start < 1) {
            start = 1;
        } else if (end > pages) {
            start = pages - NAVIGATE_PAGES + 1;
        }
        return IntStream.range(start, start + NAVIGATE_PAGES).boxed().toList();
    }
}
